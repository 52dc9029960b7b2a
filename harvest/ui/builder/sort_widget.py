"""The "Sort quotes" panel: one key (or one tap) sorts the focused quote (issue 15).

A small anywidget, its JavaScript inline so the served page fetches nothing. Keys 1–9 put
the quote in that theme, Enter takes the highlighted suggestion, 0 leaves it unsorted, x
leaves it out; the keys do nothing while the facilitator types in a text box, or while the
panel is not on screen (another tab). Every key is also a button, at least 44 px, for a
phone. The page sends the key and the quote it was meant for; the kernel decides.
"""

from __future__ import annotations

import anywidget
import traitlets

__all__ = ["SortPanel"]

_ESM = r"""
function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}
function typing(target) {
  if (!target || !target.closest) return false;
  const boxes = "input, textarea, select, [contenteditable=''], [contenteditable='true']";
  return !!target.closest(boxes);
}
function render({ model, el: root }) {
  root.classList.add("hv-sort");
  const send = (msg) => {
    const s = model.get("state") || {};
    model.send({ ...msg, id: s.quote ? s.quote.id : null });
  };
  function draw() {
    const s = model.get("state") || {};
    root.replaceChildren();
    root.dataset.seq = String(model.get("seq"));
    const head = el("div", "hv-sort-count",
      s.total ? `${s.total - s.left} of ${s.total} sorted` : "No quotes to sort");
    root.append(head);
    const quote = el("div", "hv-sort-quote");
    if (s.quote) {
      quote.dataset.id = s.quote.id;
      quote.append(el("div", "hv-sort-text", s.quote.text));
      if (s.quote.who) quote.append(el("small", "", s.quote.who));
    } else if (s.total) {
      quote.append(el("div", "hv-sort-text hv-sort-done", "Every quote is sorted."));
    }
    root.append(quote);
    const keys = el("div", "hv-sort-keys");
    for (const t of s.themes || []) {
      const b = el("button", "hv-sort-key");
      b.dataset.key = t.key;
      b.dataset.theme = t.id;
      if (t.key === s.suggested) {
        b.classList.add("hv-suggested");
        b.title = "The suggestion: Enter";
      }
      b.append(el("b", "", t.key), document.createTextNode(" " + t.label));
      b.addEventListener("click", () => send({ type: "key", key: t.key }));
      keys.append(b);
    }
    const extra = [["Enter", "Enter: accept", "hv-sort-enter"], ["0", "0 Unsorted", ""],
                   ["x", "x Leave out", ""]];
    for (const [key, label, cls] of extra) {
      const b = el("button", "hv-sort-key " + cls, label);
      b.dataset.key = key;
      if (key === "Enter" && !s.suggested) b.disabled = true;
      b.addEventListener("click", () => send({ type: "key", key }));
      keys.append(b);
    }
    root.append(keys);
    const a = s.alikes;
    if (a) {
      const box = el("div", "hv-sort-alikes");
      box.dataset.key = a.key;
      box.append(el("div", "",
        `These ${a.quotes.length} quotes look like the ones you put in ${a.key} ${a.label}:`));
      const list = el("ul");
      for (const q of a.quotes) list.append(el("li", "", q));
      box.append(list);
      const ok = el("button", "hv-sort-key hv-sort-accept",
        `Put all ${a.quotes.length} in ${a.label}`);
      ok.addEventListener("click", () => send({ type: "accept" }));
      box.append(ok);
      root.append(box);
    }
  }
  function onKey(e) {
    if (!root.isConnected || root.offsetParent === null) return;  // another tab is showing
    if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
    const key = e.key === "X" ? "x" : e.key;
    if (!/^[0-9x]$/.test(key) && key !== "Enter") return;
    if (key === "Enter" && e.target && e.target.closest && e.target.closest("button")) return;
    e.preventDefault();
    e.stopPropagation();
    send({ type: "key", key });
  }
  document.addEventListener("keydown", onKey, true);
  model.on("change:state", draw);
  model.on("change:seq", draw);
  draw();
  return () => document.removeEventListener("keydown", onKey, true);
}
export default { render };
"""

_CSS = """
.hv-sort {font-size: 15px; max-width: 760px}
.hv-sort-count {color: #4a5561; margin-bottom: 6px}
.hv-sort-quote {border: 2px solid #0f6e6e; border-radius: 8px; padding: 12px;
  margin-bottom: 10px; min-height: 3em; line-height: 1.4; background: #fff}
.hv-sort-keys {display: flex; flex-wrap: wrap; gap: 6px}
.hv-sort-key {min-height: 44px; min-width: 44px; padding: 6px 10px; border-radius: 6px;
  border: 1px solid #99a; background: #f4f6f8; font-size: 15px; cursor: pointer;
  text-align: left}
.hv-sort-key b {display: inline-block; min-width: 1.2em}
.hv-sort-key.hv-suggested {background: #fde68a; border: 2px solid #b45309}
.hv-sort-alikes {margin-top: 12px; padding: 8px 12px; background: #eef2f4; border-radius: 8px}
.hv-sort-alikes li {margin: 4px 0}
"""


class SortPanel(anywidget.AnyWidget):
    """The page side of sort mode: shows ``state``, sends ``{"type", "key", "id"}``."""

    _esm = _ESM
    _css = _CSS
    state = traitlets.Dict().tag(sync=True)
    #: raised after every answer, so a page (and a test) can tell the kernel has answered
    seq = traitlets.Int(0).tag(sync=True)
