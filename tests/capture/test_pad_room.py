"""The pad through a day in a real room, in real Chromium against `harvest capture`
started as a subprocess (issue 13): who said it, phones, consent per speaker, live pads."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from capture_support import (
    ARTIFACTS,
    Server,
    Watched,
    london,
    open_pad,
    photo_bytes,
    small_event,
    start_capture,
)

from harvest import Session, open_event
from harvest.model import utcnow

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    path = tmp_path_factory.mktemp("room") / "day.harvest"
    with small_event(path) as ev:
        ev.add_session(
            Session(
                "Panel: questions from the floor (Q&A)",
                london(12),
                london(12, 45),
                kind="qa",
                speakers=("Mei Chen", "Tom Reid"),
            )
        )
    server = start_capture(path)
    yield server
    server.stop()


def saves(page: Any) -> int:
    return int(page.get_attribute(".hv-box", "data-saved") or 0)


def type_and_save(page: Any, text: str) -> None:
    before = saves(page)
    page.fill(".hv-text", text)
    page.press(".hv-text", "Control+Enter")
    page.wait_for_function(
        f"Number(document.querySelector('.hv-box').dataset.saved || 0) > {before}"
    )


def speaker_of(path: Path, text: str) -> tuple[str, str, str]:
    """(name, role, organisation) the file holds for the quote saying ``text``."""
    with open_event(path, actor="reader") as ev:
        quote = next(c for c in ev.captures() if c.text == text)
        person = next(p for p in ev.people() if p.id == quote.speaker_id)
        return person.name, person.role, person.organisation


def choose_speaker(page: Any, name: str) -> None:
    page.fill(".hv-speaker input", name)
    page.press(".hv-speaker input", "Tab")


def test_a_new_speaker_does_not_inherit_the_last_ones_role(served: Server, browser: Any) -> None:
    page = open_pad(browser, served.url, "Ceri L.", Watched())
    choose_speaker(page, "Asha Patel")
    page.wait_for_function("document.querySelector('.hv-org input').value === 'Eastgate Hospital'")
    type_and_save(page, "Listening is where it starts.")

    # A new name: the role and organisation boxes empty, and the file holds none for them.
    choose_speaker(page, "Ben Okafor")
    page.wait_for_function("document.querySelector('.hv-org input').value === ''")
    assert page.input_value(".hv-role input") == ""
    type_and_save(page, "We built it with the residents.")
    assert speaker_of(served.event, "We built it with the residents.") == ("Ben Okafor", "", "")

    # A role typed for the new person does not survive a change of speaker; a known name
    # fills in theirs again.
    page.fill(".hv-role input", "Community organiser")
    choose_speaker(page, "Asha Patel")
    page.wait_for_function(
        "document.querySelector('.hv-role input').value === 'Director of Nursing'"
    )
    choose_speaker(page, "Ben Okafor")
    page.wait_for_function("document.querySelector('.hv-role input').value === ''")
    type_and_save(page, "Trust grows at the kitchen table.")
    assert speaker_of(served.event, "Trust grows at the kitchen table.") == ("Ben Okafor", "", "")
    assert speaker_of(served.event, "Listening is where it starts.") == (
        "Asha Patel",
        "Director of Nursing",
        "Eastgate Hospital",
    )
    page.context.close()


# Every control of the pad in the current mode: is it whole on the screen, 44 px tall or
# more, and is it what a finger at its centre and corners touches (not covered, not
# clipped)? Returns the controls with their problems.
MEASURE = (Path(__file__).with_name("measure_controls.js")).read_text(encoding="utf-8")


def open_phone(browser: Any, url: str, width: int, height: int) -> Any:
    context = browser.new_context(
        viewport={"width": width, "height": height}, has_touch=True, is_mobile=True
    )
    page = context.new_page()
    watched = Watched()
    page.goto(url, timeout=90_000)
    page.wait_for_selector(".hv-box[data-ready='1']", timeout=90_000)
    page.fill(".hv-name-input", "Phone")
    page.tap(".hv-name-save")
    page.wait_for_selector(".hv-name:has-text('Phone')")
    assert watched.errors == []
    return page


@pytest.mark.parametrize("width,height", [(390, 844), (768, 1024)])
def test_phone_layout_every_control_whole_and_uncovered(
    served: Server, browser: Any, width: int, height: int
) -> None:
    page = open_phone(browser, served.url, width, height)
    for mode in ("Quote", "Post", "Note", "Photo"):
        page.tap(f".hv-modes button:has-text('{mode}')")
        page.wait_for_function(
            f"document.querySelector('.hv-box').dataset.mode === '{mode.lower()}'"
        )
        controls = page.evaluate(MEASURE)
        assert len(controls) >= 8, controls
        assert [c for c in controls if c["problems"]] == [], mode
        # Save beside the text box, the feed below it, the panel folded away.
        text = page.locator(".hv-text").bounding_box()
        save = page.locator(".hv-save").bounding_box()
        feed = page.locator(".hv-feed").bounding_box()
        if width < 600:
            assert save["x"] >= text["x"] + text["width"] - 1
            assert save["y"] < text["y"] + text["height"]
        assert feed["y"] > text["y"] + text["height"]
        assert page.is_hidden(".hv-panel")
        page.evaluate("document.querySelector('.hv-pad').scrollIntoView()")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"capture-pad-{width}-{mode.lower()}.png"))
    # Photo mode opens the camera on a phone; a file stays possible.
    assert page.get_attribute(".hv-camera", "capture") == "environment"
    assert page.get_attribute(".hv-file", "capture") is None
    page.tap(".hv-fold")
    page.wait_for_selector(".hv-panel", state="visible")
    page.context.close()


def test_phone_saves_with_a_tap(served: Server, browser: Any) -> None:
    page = open_phone(browser, served.url, 390, 844)
    assert "Tap Save" in page.text_content(".hv-keys")
    page.tap(".hv-modes button:has-text('Note')")
    page.tap(".hv-text")
    page.fill(".hv-text", "Tables moved into circles after the break.")
    before = saves(page)
    page.tap(".hv-save")
    page.wait_for_function(
        f"Number(document.querySelector('.hv-box').dataset.saved || 0) > {before}"
    )
    assert page.input_value(".hv-text") == ""
    with open_event(served.event, actor="reader") as ev:
        [note] = [
            c for c in ev.captures() if c.text == "Tables moved into circles after the break."
        ]
    assert note.captured_by == "Phone"
    page.context.close()


def quote_saying(path: Path, text: str) -> Any:
    with open_event(path, actor="reader") as ev:
        return next(c for c in ev.captures() if c.text == text)


def test_consent_star_speakers_and_said_at(served: Server, browser: Any) -> None:
    page = open_pad(browser, served.url, "Ceri L.", Watched())
    # In a Q&A session its agenda speakers come first, then someone from the floor.
    label = page.evaluate(
        "[...document.querySelectorAll('.hv-session select option')]"
        ".find(o => o.textContent.includes('Q&A')).value"
    )
    page.select_option(".hv-session select", label)
    page.wait_for_function(
        "document.querySelector('.hv-speaker datalist option')?.value === 'Mei Chen'"
    )
    options = page.eval_on_selector_all(".hv-speaker datalist option", "os => os.map(o => o.value)")
    assert options[:3] == ["Mei Chen", "Tom Reid", "Audience member"]

    # Consent per speaker: a level changed with a speaker named asks "this quote or this
    # person"; the person's is remembered, shown by the name and proposed next time.
    choose_speaker(page, "Asha Patel")
    page.wait_for_function("document.querySelector('.hv-org input').value !== ''")
    page.select_option(".hv-publish select", "anonymous")
    page.click(".hv-ask-person")
    page.wait_for_selector(".hv-consent:has-text('anonymous')")
    type_and_save(page, "Ask us before you plan for us.")
    assert quote_saying(served.event, "Ask us before you plan for us.").publication == "anonymous"
    # Q&A: the speaker does not stick after a save.
    page.wait_for_function("document.querySelector('.hv-speaker input').value === ''")
    choose_speaker(page, "Asha Patel")
    page.wait_for_function("document.querySelector('.hv-publish select').value === 'anonymous'")
    page.wait_for_selector(".hv-consent:has-text('anonymous')")
    page.select_option(".hv-publish select", "named")
    page.click(".hv-ask-quote")
    type_and_save(page, "You can quote me by name on that one.")
    assert quote_saying(served.event, "You can quote me by name on that one.").publication == (
        "named"
    )
    choose_speaker(page, "Asha Patel")
    page.wait_for_function("document.querySelector('.hv-publish select').value === 'anonymous'")

    # ★ with one key while it is fresh; from the feed after the save.
    page.focus(".hv-text")
    page.keyboard.press("Alt+S")
    page.wait_for_selector(".hv-star[aria-pressed='true']")
    type_and_save(page, "Nothing about us without us.")
    assert "golden" in quote_saying(served.event, "Nothing about us without us.").tags
    assert page.get_attribute(".hv-star", "aria-pressed") == "false"
    other = quote_saying(served.event, "Ask us before you plan for us.")
    page.click(f".hv-item[data-id='{other.id}'] .hv-star-item")
    page.wait_for_selector(f".hv-item[data-id='{other.id}'] .hv-star-item[aria-pressed='true']")
    assert "golden" in quote_saying(served.event, "Ask us before you plan for us.").tags

    # One key for someone from the floor; said at: minutes back or a time typed.
    page.keyboard.press("Alt+A")
    page.wait_for_function(
        "document.querySelector('.hv-speaker input').value === 'Audience member'"
    )
    page.click(".hv-back")
    page.click(".hv-back")
    page.wait_for_function("document.querySelector('.hv-said input').value === '-2'")
    page.fill(".hv-said input", "-5")
    page.press(".hv-said input", "Tab")
    before = utcnow()
    type_and_save(page, "Where does the money go?")
    said = quote_saying(served.event, "Where does the money go?")
    assert 4 * 60 - 5 <= (before - said.at).total_seconds() <= 5 * 60 + 30
    assert page.input_value(".hv-said input") == ""
    page.fill(".hv-said input", "12:10")
    page.press(".hv-said input", "Tab")
    type_and_save(page, "Who decides what counts?")
    said = quote_saying(served.event, "Who decides what counts?")
    assert said.at.astimezone(london(12).tzinfo).strftime("%H:%M") == "12:10"
    page.context.close()


def test_lan_shows_a_qr_code_in_the_terminal_and_the_page(browser: Any, tmp_path: Path) -> None:
    import segno

    path = tmp_path / "day.harvest"
    small_event(path).close()
    server = start_capture(path, "--lan")
    try:
        assert server.process.stdout is not None
        printed = []
        while not printed or "Press Ctrl+C" not in printed[-1]:
            printed.append(server.process.stdout.readline())
        art = [line for line in printed if "▄" in line or "▀" in line]
        # The terminal's code is the address's: same size as segno makes it.
        assert len(art) >= segno.make(server.url, error="m").symbol_size(border=2)[1] // 2
        page = open_pad(browser, server.url, "Dee", Watched())
        assert page.get_attribute(".hv-qr", "data-url") == server.url
        assert page.locator(".hv-qr svg path").count() == 1
        page.context.close()
    finally:
        server.stop()


def feed_has(page: Any, text: str) -> str:
    return f"[...document.querySelectorAll('.hv-words')].some(n => n.textContent === {text!r})"


def test_a_save_is_pushed_to_every_pad_without_waiting_for_a_tick(
    served: Server, browser: Any
) -> None:
    first = open_pad(browser, served.url, "Tom W.", Watched())
    second = open_pad(browser, served.url, "Priya S.", Watched())
    assert first.get_attribute(".hv-box", "data-conn") == "online"
    type_and_save(first, "Pushed to the other pad at once.")
    second.wait_for_function(feed_has(second, "Pushed to the other pad at once."), timeout=2500)
    first.context.close()
    second.context.close()


def test_saves_made_offline_are_sent_once_when_the_connection_returns(
    served: Server, browser: Any
) -> None:
    page = open_pad(browser, served.url, "Ceri L.", Watched())
    choose_speaker(page, "Asha Patel")
    page.wait_for_function("document.querySelector('.hv-org input').value !== ''")
    texts = [f"Said while the wifi was down, number {i}." for i in range(3)]
    # The first is on its way when the connection is cut: it arrives late AND is sent
    # again from the outbox; the other two are kept in the browser while offline.
    page.fill(".hv-text", texts[0])
    page.press(".hv-text", "Control+Enter")
    page.context.set_offline(True)
    page.wait_for_selector(".hv-box[data-conn='reconnecting'], .hv-box[data-conn='offline']")
    for text in texts[1:]:
        page.fill(".hv-text", text)
        page.press(".hv-text", "Control+Enter")
        assert page.input_value(".hv-text") == ""  # kept on the device; the box is free
    page.wait_for_selector(".hv-box[data-waiting='3']")
    assert "3 waiting" in page.text_content(".hv-conn")
    # A reload meanwhile loses nothing: the outbox is in this browser's storage.
    page.context.set_offline(False)
    page.wait_for_selector(".hv-box[data-conn='online'][data-waiting='0']", timeout=30_000)
    page.wait_for_timeout(1500)  # a late duplicate would land now
    with open_event(served.event, actor="reader") as ev:
        stored = [c.text for c in ev.captures()]
    assert [stored.count(t) for t in texts] == [1, 1, 1]
    for text in texts:
        assert speaker_of(served.event, text)[0] == "Asha Patel"
    page.context.close()


def test_outbox_survives_a_reload_and_is_sent_once(served: Server, browser: Any) -> None:
    page = open_pad(browser, served.url, "Ceri L.", Watched())
    page.context.set_offline(True)
    page.wait_for_selector(".hv-box[data-conn='reconnecting'], .hv-box[data-conn='offline']")
    page.fill(".hv-text", "Kept across a reload of the page.")
    page.press(".hv-text", "Control+Enter")
    page.wait_for_selector(".hv-box[data-waiting='1']")
    page.context.set_offline(False)
    page.reload()
    page.wait_for_selector(".hv-box[data-ready='1'][data-waiting='0']", timeout=90_000)
    page.wait_for_timeout(1500)
    with open_event(served.event, actor="reader") as ev:
        stored = [c.text for c in ev.captures()]
    assert stored.count("Kept across a reload of the page.") == 1
    page.context.close()


def stored_texts(path: Path) -> list[str]:
    with open_event(path, actor="reader") as ev:
        return [c.text for c in ev.captures()]


def test_on_a_phone_enter_saves_and_the_choice_is_kept_per_device(
    served: Server, browser: Any
) -> None:
    """A phone's Enter key saves (the Save button beside the text box stays the way in
    sight); a note-taker who wants new lines turns "Enter saves" off, and this phone keeps
    that choice across a reload. On a laptop Enter is a new line and Ctrl+Enter saves."""
    page = open_phone(browser, served.url, 390, 844)
    save = page.locator(".hv-save").bounding_box()
    assert save is not None and save["y"] + save["height"] <= 844  # in sight
    assert page.is_checked(".hv-enter-input")  # on by default on a phone
    before = saves(page)
    page.fill(".hv-text", "Said on a phone, saved with Enter.")
    page.press(".hv-text", "Enter")
    page.wait_for_function(f"Number(document.querySelector('.hv-box').dataset.saved) > {before}")
    assert page.input_value(".hv-text") == ""
    assert stored_texts(served.event).count("Said on a phone, saved with Enter.") == 1

    page.tap(".hv-enter-input")  # off: Enter is a new line again
    page.reload()
    page.wait_for_selector(".hv-box[data-ready='1']", timeout=90_000)
    assert not page.is_checked(".hv-enter-input")  # kept on this device
    page.fill(".hv-text", "First line")
    page.press(".hv-text", "Enter")
    page.keyboard.type("second line")
    assert page.input_value(".hv-text") == "First line\nsecond line"
    before = saves(page)
    page.tap(".hv-save")
    page.wait_for_function(f"Number(document.querySelector('.hv-box').dataset.saved) > {before}")
    assert "First line\nsecond line" in stored_texts(served.event)
    page.context.close()

    laptop = open_pad(browser, served.url, "Ceri L.", Watched())
    assert not laptop.is_checked(".hv-enter-input")  # off by default on a laptop
    laptop.fill(".hv-text", "A laptop line")
    laptop.press(".hv-text", "Enter")
    assert laptop.input_value(".hv-text") == "A laptop line\n"
    type_and_save(laptop, "A laptop line\nand Ctrl+Enter saves it")
    assert "A laptop line\nand Ctrl+Enter saves it" in stored_texts(served.event)
    laptop.context.close()


def test_a_photo_taken_offline_is_kept_on_the_device_and_stored_once(
    served: Server, browser: Any, tmp_path: Path
) -> None:
    """The wifi drops, a photo is taken and captioned: the pad keeps it in this browser
    (IndexedDB, with its save's key) and stores it once when the connection returns, even
    after a reload of the page meanwhile."""
    picture = tmp_path / "flipchart.jpg"
    picture.write_bytes(photo_bytes(800, 600))
    page = open_pad(browser, served.url, "Ceri L.", Watched())
    page.click(".hv-modes button:has-text('Photo')")
    page.wait_for_selector(".hv-box[data-mode='photo']")  # the kernel switched the pad
    page.context.set_offline(True)
    page.wait_for_selector(".hv-box[data-conn='reconnecting'], .hv-box[data-conn='offline']")
    page.set_input_files(".hv-file", str(picture))
    page.wait_for_selector(".hv-photo-note:has-text('flipchart.jpg')")
    page.fill(".hv-text", "Flipchart kept while the wifi was down.")
    page.press(".hv-text", "Control+Enter")
    page.wait_for_selector(".hv-box[data-waiting='1']")
    assert "kept on this device" in page.text_content(".hv-status").lower()
    assert page.input_value(".hv-text") == ""
    page.context.set_offline(False)
    page.reload()  # the outbox and the photo survive a reload: sent from the new page
    page.wait_for_selector(".hv-box[data-ready='1'][data-waiting='0']", timeout=90_000)
    page.wait_for_timeout(1500)  # a late duplicate would land now
    with open_event(served.event, actor="reader") as ev:
        photos = [c for c in ev.captures(kind="image") if c.text.startswith("Flipchart kept")]
        assert len(photos) == 1 and photos[0].media_id is not None
        assert ev.image(photos[0].media_id).width == 800
    left = page.evaluate(
        """() => new Promise((ok) => { const r = indexedDB.open('harvest-photos', 1);
             r.onsuccess = () => { const t = r.result.transaction('photos').objectStore('photos')
               .count(); t.onsuccess = () => ok(t.result); }; })"""
    )
    assert left == 0  # stored: the device lets it go
    page.context.close()
