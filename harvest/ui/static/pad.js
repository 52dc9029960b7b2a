// The capture pad's text box: keyboard first, never drops a word.
// Ctrl+Enter / Cmd+Enter saves (the text travels with the save message, so no keystroke
// is lost to syncing), Esc clears. The text is cleared only once the kernel says it is
// stored; a draft is kept in this browser's localStorage until then, so a reload or a
// kernel restart loses nothing typed. Photos are shrunk on the device before upload.

const MAX_EDGE = 2400;            // pixels on the long side after shrinking
const SEND_AS_IS = 3 * 1024 * 1024; // smaller photos travel untouched (keeps their hash)
const MAX_UPLOAD = 8 * 1024 * 1024; // what the websocket carries comfortably

function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
}

async function shrink(file) {
  // Returns {bytes: ArrayBuffer, name, note} or throws Error with a sentence for people.
  const big = file.size > SEND_AS_IS;
  let bitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
  } catch (e) {
    throw new Error(`${file.name} cannot be read here (JPEG, PNG, WebP or GIF expected; ` +
      "on an iPhone choose Settings > Camera > Formats > Most Compatible).");
  }
  const edge = Math.max(bitmap.width, bitmap.height);
  if (!big && edge <= 3000) {
    bitmap.close();
    return { bytes: await file.arrayBuffer(), name: file.name, note: "" };
  }
  const scale = Math.min(1, MAX_EDGE / edge);
  const canvas = document.createElement("canvas");
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  const blob = await new Promise((ok) => canvas.toBlob(ok, "image/jpeg", 0.88));
  if (!blob || blob.size > MAX_UPLOAD) {
    throw new Error(`${file.name} is too large to send even after shrinking; ` +
      "export a smaller JPEG from the phone.");
  }
  const name = file.name.replace(/\.[^.]+$/, "") + ".jpg";
  const mb = (file.size / 1048576).toFixed(1);
  return { bytes: await blob.arrayBuffer(), name,
           note: `shrunk from ${mb} MB to ${(blob.size / 1048576).toFixed(1)} MB on this device` };
}

// Every photo saved: too large for localStorage, it waits in this browser's IndexedDB
// under its save's key from the moment Save is pressed (before it is sent) until the
// kernel says it stored it, so a dropped connection or a reload mid-upload loses nothing.
function photoStore(mode, fn) {
  return new Promise((ok, fail) => {
    const open = indexedDB.open("harvest-photos", 1);
    open.onupgradeneeded = () => open.result.createObjectStore("photos");
    open.onerror = () => fail(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction("photos", mode);
      const req = fn(tx.objectStore("photos"));
      tx.oncomplete = () => { db.close(); ok(req.result); };
      tx.onerror = tx.onabort = () => { db.close(); fail(tx.error); };
    };
  });
}
const keepPhoto = (key, p) => photoStore("readwrite", (st) => st.put(
  { bytes: p.bytes, name: p.name, note: p.note }, key));
const keptPhoto = (key) => photoStore("readonly", (st) => st.get(key));
const dropPhoto = (key) => photoStore("readwrite", (st) => st.delete(key));

// A phone or tablet: no Ctrl+Enter there, Save is the way (or Enter, if "Enter saves").
const touch = typeof matchMedia === "function" && matchMedia("(pointer: coarse)").matches;
// "Enter saves": on by default on a phone, off on a laptop (where Ctrl+Enter saves and
// Enter starts a new line); the note-taker's choice is kept per device (localStorage).
const ENTER_KEY = "harvest.enterSaves";
function enterSavesStored() {
  let kept = null;
  try { kept = localStorage.getItem(ENTER_KEY); } catch (e) { kept = null; }
  return kept === null ? touch : kept === "1";
}

function render({ model, el: root }) {
  const eventId = model.get("event_id");
  const draftKey = `harvest.draft.${eventId}`;
  root.classList.add("hv-box");

  // -- the note-taker's name, asked once per device (this browser's localStorage) --------
  const who = el("div", "hv-who");
  // A labelled field with its own button (a phone has no obvious Enter).
  const ask = el("div", "hv-ask");
  const nameLabelFor = el("label", "hv-ask-label", "Your name");
  const nameInput = el("input", "hv-name-input");
  nameInput.id = `hv-name-${Math.random().toString(36).slice(2)}`;
  nameLabelFor.htmlFor = nameInput.id;
  nameInput.placeholder = "stamped on every capture";
  nameInput.autocomplete = "name";
  const nameSave = el("button", "hv-name-save", "Start capturing");
  nameSave.type = "button";
  ask.append(nameLabelFor, nameInput, nameSave);
  const nameLabel = el("span", "hv-name");
  const nameChange = el("button", "hv-link", "change");
  nameChange.type = "button";
  who.append(nameLabel, nameChange, ask);

  function showName() {
    const name = model.get("name");
    const asking = !name;
    ask.style.display = asking ? "" : "none";
    nameLabel.style.display = asking ? "none" : "";
    nameChange.style.display = asking ? "none" : "";
    nameLabel.textContent = asking ? "" : `Capturing as ${name}`;
    root.classList.toggle("hv-needs-name", asking);
  }
  let stored = "";
  try { stored = localStorage.getItem("harvest.name") || ""; } catch (e) { stored = ""; }
  if (!model.get("name") && stored) {
    model.set("name", stored);
    model.save_changes();
  }
  function takeName() {
    const name = nameInput.value.trim();
    if (!name) {
      nameInput.focus();
      return;
    }
    try { localStorage.setItem("harvest.name", name); } catch (err) { /* private mode */ }
    model.set("name", name);
    model.save_changes();
    text.focus();
  }
  nameInput.addEventListener("keydown", (e) => {
    if (e.key === "Enter") {
      e.preventDefault();
      takeName();
    }
  });
  nameSave.addEventListener("click", takeName);
  nameChange.addEventListener("click", () => {
    nameInput.value = model.get("name");
    model.set("name", "");
    model.save_changes();
    nameInput.focus();
  });
  model.on("change:name", showName);

  // -- photo picker (photo mode) ---------------------------------------------------------
  // Two ways in, each a whole button: the camera (a phone opens it straight away,
  // capture="environment") and a file already on the device.
  const photoRow = el("div", "hv-photo");
  function picker(cls, label, camera) {
    const wrap = el("label", "hv-pick " + cls + "-button", label);
    const input = el("input");
    input.type = "file";
    input.accept = "image/*";
    input.className = cls;
    if (camera) input.setAttribute("capture", "environment");
    wrap.append(input);
    return { wrap, input };
  }
  const camera = picker("hv-camera", "Take a photo", true);
  const chooser = picker("hv-file", "Choose a photo", false);
  const pick = chooser.input;
  const preview = el("img", "hv-preview");
  preview.alt = "";
  const photoNote = el("span", "hv-photo-note");
  photoRow.append(camera.wrap, chooser.wrap, preview, photoNote);
  let photo = null; // {bytes, name, note}
  function showPhoto(p, fallback) {
    photo = p;
    if (!p) {
      pick.value = "";
      camera.input.value = "";
      preview.removeAttribute("src");
      photoNote.textContent = "";
      return;
    }
    preview.src = URL.createObjectURL(new Blob([p.bytes]));
    photoNote.textContent = p.note || fallback || p.name;
  }

  async function picked(input) {
    const file = input.files && input.files[0];
    photo = null;
    preview.removeAttribute("src");
    if (!file) return;
    setStatus("Reading the photo…", "busy");
    try {
      showPhoto(await shrink(file), `${file.name}, ${(file.size / 1048576).toFixed(1)} MB`);
      setStatus(touch ? "Type a caption, then Save" : "Type a caption, then Ctrl+Enter", "");
      text.focus();
    } catch (err) {
      input.value = "";
      setStatus(err.message, "error");
    }
  }
  camera.input.addEventListener("change", () => picked(camera.input));
  pick.addEventListener("change", () => picked(pick));

  // -- the text box ----------------------------------------------------------------------
  const text = el("textarea", "hv-text");
  text.rows = 5;
  text.spellcheck = true;
  text.setAttribute("aria-label", "Capture text");
  try { text.value = localStorage.getItem(draftKey) || ""; } catch (e) { /* none */ }
  if (text.value) { model.set("value", text.value); model.save_changes(); }

  // Save sits in a column of its own: under the text on a laptop, beside it on a phone,
  // where it must stay in sight above the on-screen keyboard (pad.css).
  const side = el("div", "hv-side-keys");
  const save = el("button", "hv-save", "Save");
  save.type = "button";
  // ★ a golden quote while it is fresh (Alt+S): it reaches the story builder pinned.
  const star = el("button", "hv-star", "☆ Star");
  star.type = "button";
  star.title = "A golden quote: the story builder offers it first (Alt+S)";
  star.setAttribute("aria-pressed", "false");
  function setStar(on) {
    star.setAttribute("aria-pressed", on ? "true" : "false");
    star.textContent = on ? "★ Starred" : "☆ Star";
    root.dataset.star = on ? "1" : "";
  }
  star.addEventListener("click", () => setStar(star.getAttribute("aria-pressed") !== "true"));
  side.append(save, star);
  const bar = el("div", "hv-bar");
  const keys = el("span", "hv-keys");
  const enterBox = el("input", "hv-enter-input");
  enterBox.type = "checkbox";
  enterBox.checked = enterSavesStored();
  enterBox.setAttribute("aria-label", "Enter saves (Shift+Enter for a new line)");
  const enterLabel = el("label", "hv-enter");
  enterLabel.append(enterBox, document.createTextNode(" Enter saves"));
  enterLabel.title = "Enter saves the capture; Shift+Enter starts a new line (this device)";
  function showKeys() {
    const enter = enterBox.checked;
    root.dataset.enterSaves = enter ? "1" : "";
    if (touch) keys.textContent = enter ? "Tap Save (or Enter) to store · Shift+Enter new line"
      : "Tap Save to store";
    else keys.textContent = (enter ? "Enter saves · Shift+Enter new line" : "Ctrl+Enter saves") +
      " · Esc clears · Alt+S stars · Alt+A audience · Alt+B a minute back";
  }
  enterBox.addEventListener("change", () => {
    try { localStorage.setItem(ENTER_KEY, enterBox.checked ? "1" : "0"); } catch (e) { /* off */ }
    showKeys();
  });
  showKeys();
  const connEl = el("span", "hv-conn");
  const status = el("span", "hv-status");
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  bar.append(enterLabel, keys, status);
  root.append(who, photoRow, text, side, bar);

  function setStatus(message, kind) {
    status.textContent = message;
    status.className = "hv-status" + (kind ? ` hv-${kind}` : "");
  }
  function keepDraft() {
    try {
      if (text.value) localStorage.setItem(draftKey, text.value);
      else localStorage.removeItem(draftKey);
    } catch (e) { /* storage full or off: the kernel copy remains */ }
  }
  text.addEventListener("input", () => {
    keepDraft();
    model.set("value", text.value);
    model.save_changes();
  });

  function showMode() {
    const mode = model.get("mode");
    photoRow.style.display = mode === "photo" ? "" : "none";
    text.placeholder = model.get("placeholder");
    root.dataset.mode = mode;
  }
  model.on("change:mode", showMode);
  model.on("change:placeholder", showMode);

  // -- the connection, and saves kept in this browser until they are stored --------------
  // Every save carries a key and waits in this browser's outbox (localStorage) until the
  // kernel answers; the kernel recognises a key it has stored, so sending one again after
  // a cut connection never stores it twice. While the connection is down a save is kept
  // here (the box empties for the next words) and sent when the connection returns.
  const outboxKey = `harvest.outbox.${eventId}`;
  let outbox = [];
  try { outbox = JSON.parse(localStorage.getItem(outboxKey) || "[]"); } catch (e) { outbox = []; }
  for (const item of outbox) item.inBox = false; // from an earlier page: send them again
  function writeOutbox() {
    try {
      // a kept photo's bytes stay in IndexedDB (photoKept), never in localStorage; a photo
      // this browser could not keep there lives only as long as the page
      const kept = outbox.filter((i) => !i.photoName || i.photoKept)
        .map(({ inBox, photo, tries, stuck, afterPing, ...rest }) => rest);
      localStorage.setItem(outboxKey, JSON.stringify(kept));
    } catch (e) { /* storage off: the outbox lives as long as the page */ }
    showConn();
  }
  function newKey() {
    if (globalThis.crypto && crypto.randomUUID) return crypto.randomUUID();
    return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 12);
  }
  function formNow() {
    // What the note-taker saw when pressing Save: a save sent later is stored with it.
    const pad = root.closest(".hv-pad") || document;
    const value = (sel) => { const n = pad.querySelector(sel); return n ? n.value : null; };
    const session = pad.querySelector(".hv-session select");
    return {
      speaker: value(".hv-speaker input"),
      role: value(".hv-role input"),
      organisation: value(".hv-org input"),
      publication: value(".hv-publish select"),
      session: session && session.selectedOptions[0] ? session.selectedOptions[0].textContent : null,
      said_at: value(".hv-said input"),
    };
  }

  const PING_MS = 1000;
  const TRIES = 3; // sends of one save with no answer before the pad stops and says so
  const PHOTO_KEPT = "Photo kept on this device; it will be sent when the connection is back";
  let pings = 0;
  let conn = "online";
  let lastPong = performance.now();
  function showConn() {
    const waiting = outbox.length;
    root.dataset.conn = conn;
    root.dataset.waiting = String(waiting);
    connEl.className = `hv-conn hv-conn-${conn}`;
    const words = { online: "online", reconnecting: "reconnecting…", offline: "offline" }[conn];
    connEl.textContent = words + (waiting ? ` · ${waiting} waiting to be sent` : "");
    connEl.title = waiting ? "Saved on this device; sent when the connection returns" : "";
  }
  bar.prepend(connEl);

  let seq = 0;
  let inflight = null; // the outbox item sent and not answered yet
  let queued = false;
  let settle = 0;
  function send(item) {
    if (item.photoKept && !item.photo) {
      // read the kept photo back from this device first; the line waits for it
      inflight = item;
      item.afterPing = undefined; // not sent yet
      const go = (found) => {
        if (inflight !== item) return;
        inflight = null;
        item.photo = found || { bytes: new ArrayBuffer(0), name: item.photoName || "" };
        send(item);
      };
      keptPhoto(item.key).then(go, () => go(null));
      return;
    }
    seq += 1;
    inflight = item;
    item.seq = seq;
    item.started = performance.now();
    item.afterPing = pings; // a pong to a later ping proves the save or its answer lost
    item.tries = (item.tries || 0) + 1;
    const buffers = item.photo ? [item.photo.bytes] : [];
    model.send({ type: "save", text: item.text, seq, key: item.key, star: item.star,
                 photo_name: item.photo ? item.photo.name : "", at: item.at,
                 form: item.inBox ? null : item.form }, undefined, buffers);
  }
  function flush() {
    if (conn !== "online" || inflight) return;
    const next = outbox.find((item) => !item.inBox && !item.stuck);
    if (next) {
      setStatus(`Sending ${outbox.length} kept on this device…`, "busy");
      send(next);
    }
  }
  function doSave() {
    if (!model.get("name")) {
      setStatus("Type your name first (top of the pad), then Start capturing.", "error");
      nameInput.focus();
      return;
    }
    if (inflight && inflight.inBox) {
      // One save in flight at a time (a double press must not store twice); a press
      // meanwhile saves what is in the box once the first save is answered.
      queued = true;
      return;
    }
    const withPhoto = photo && model.get("mode") === "photo";
    const item = { key: newKey(), text: text.value, at: new Date().toISOString(),
                   star: star.getAttribute("aria-pressed") === "true", form: formNow(),
                   inBox: conn === "online" && !inflight };
    if (withPhoto) {
      // The photo goes into this browser's IndexedDB (with its save's key) BEFORE it is
      // sent, online or not, and into the outbox: a connection that drops mid-upload, or a
      // reload, leaves it there to be sent again; the key makes a resend store it once.
      const kept = photo;
      const online = item.inBox;
      item.photo = kept;
      item.photoName = kept.name;
      if (online) {
        inflight = item; // a second press meanwhile waits (queued), as for any save
        item.started = performance.now();
        setStatus("Saving…", "busy");
      }
      const go = (onDevice) => {
        item.photoKept = onDevice;
        if (!onDevice && !online) {
          setStatus("This browser cannot keep the photo offline: wait until the pad " +
                    "says online, then save.", "error");
          return;
        }
        outbox.push(item);
        writeOutbox();
        if (inflight === item) inflight = null;
        if (item.inBox) { send(item); return; }
        if (!online) { clear(); setStar(false); }
        setStatus(`${PHOTO_KEPT} (${waitingCount()} waiting).`, "busy");
        flush();
      };
      keepPhoto(item.key, kept).then(() => go(true), () => go(false));
      return;
    }
    if (item.inBox) {
      outbox.push(item);
      writeOutbox();
      setStatus("Saving…", "busy");
      send(item);
      return;
    }
    if (!item.text.trim()) return;
    // Not connected (or sending what was kept): keep it here, free the box for the next.
    outbox.push(item);
    writeOutbox();
    text.value = "";
    keepDraft();
    setStar(false);
    setStatus(`Kept on this device (${outbox.length} waiting): sent when the connection ` +
              "returns.", "busy");
    flush();
  }
  function waitingCount() {
    return outbox.filter((i) => !i.inBox).length;
  }
  function toOutbox(item) {
    // No answer: what was in the box waits in the outbox; the box is free again.
    if (!item.inBox) return;
    item.inBox = false;
    if (text.value.startsWith(item.text)) {
      text.value = text.value.slice(item.text.length).replace(/^\s+/, "");
      keepDraft();
    }
    if (item.photo) {
      if (photo === item.photo) showPhoto(null); // kept on the device, not in the box
      setStar(false);
      setStatus(item.photoKept || !outbox.includes(item)
        ? `${PHOTO_KEPT} (${waitingCount() + (outbox.includes(item) ? 0 : 1)} waiting).`
        : "Photo not answered yet: this browser cannot keep it, so do not reload the " +
          "page; it will be sent when the connection is back.", "busy");
    }
    writeOutbox();
  }
  function clear() {
    text.value = "";
    keepDraft();
    model.set("value", "");
    model.save_changes();
    showPhoto(null);
  }
  save.addEventListener("click", doSave);
  text.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && enterBox.checked && !e.shiftKey && !e.ctrlKey && !e.metaKey &&
        !e.altKey && !e.isComposing) {
      e.preventDefault();  // Enter saves (this device's choice); Shift+Enter is a new line
      e.stopPropagation();
      doSave();
    } else if (e.key === "Escape") {
      e.preventDefault();
      clear();
      setStatus("Cleared", "");
    }
  });
  const altKeys = {
    KeyS: () => setStar(star.getAttribute("aria-pressed") !== "true"),
    KeyA: () => model.send({ type: "audience" }),
    KeyB: () => model.send({ type: "back" }),
  };
  function onKey(e) {
    if (!root.isConnected) return;
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      e.stopPropagation();
      doSave();
    } else if (e.altKey && !e.ctrlKey && !e.metaKey && altKeys[e.code]) {
      e.preventDefault();
      e.stopPropagation();
      altKeys[e.code]();
    }
  }
  document.addEventListener("keydown", onKey, true);

  function answered(msg) {
    const item = outbox.find((i) => i.key === msg.key) || (inflight && inflight.key === msg.key
      ? inflight : null);
    if (inflight && inflight.key === msg.key) inflight = null;
    if (!item) return; // answered twice (sent again after a cut): already handled
    outbox = outbox.filter((i) => i.key !== msg.key);
    writeOutbox();
    // Answered: the event file (stored) or the box (refused) holds the photo now.
    if (item.photoKept) dropPhoto(item.key).catch(() => {});
    if (msg.ok && item.inBox) {
      // Clear what was stored; keep anything typed while it was being stored.
      if (text.value.startsWith(item.text)) {
        text.value = text.value.slice(item.text.length).replace(/^\s+/, "");
      }
      keepDraft();
      model.set("value", text.value);
      model.save_changes();
      if (!item.photo || photo === item.photo) showPhoto(null);
      setStar(false);
    } else if (!msg.ok && !item.inBox) {
      // A kept save refused: its words (and photo) come back to the box, nothing is lost.
      text.value = text.value.trim() ? `${item.text}\n${text.value}` : item.text;
      keepDraft();
      if (item.photo && item.photo.bytes.byteLength && !photo) showPhoto(item.photo);
    }
    if (msg.ok) {
      root.dataset.saved = String(Number(root.dataset.saved || 0) + 1); // stored, once
      // Recount the panel once the note-taker pauses, not between quick saves.
      clearTimeout(settle);
      settle = setTimeout(() => model.send({ type: "settled" }), 800);
    }
    const left = waitingCount();
    setStatus(msg.message + (left ? ` · ${left} still waiting` : ""), msg.ok ? "ok" : "error");
    if (item.started) root.dataset.lastMs = String(Math.round(performance.now() - item.started));
    if (msg.kernel_ms !== undefined) root.dataset.kernelMs = String(msg.kernel_ms);
    if (item.inBox) text.focus();
    if (queued && !inflight) {
      queued = false;
      if (text.value.trim() || photo) doSave();
    }
    flush();
  }

  model.on("msg:custom", (msg) => {
    if (msg.type === "result") {
      answered(msg);
    } else if (msg.type === "pong") {
      lastPong = performance.now();
      if (conn !== "online") {
        conn = "online";
        showConn();
      }
      // The kernel answers in order: a pong to a ping sent after the save, with no answer
      // to the save, means the save or its answer was lost. It is sent again (same key).
      if (inflight && inflight.afterPing !== undefined && msg.n > inflight.afterPing) {
        const lost = inflight;
        toOutbox(lost);
        inflight = null;
        if (lost.tries >= TRIES) {
          lost.stuck = true;
          setStatus(`The server did not answer this save ${TRIES} times; it is kept on ` +
                    "this device. Reload the page to send it again.", "error");
        }
      }
      flush();
    } else if (msg.type === "load") {
      // The kernel puts text in the box: a capture to correct, or a programmatic clear.
      text.value = msg.text;
      keepDraft();
      model.set("value", text.value);
      model.save_changes();
      if (msg.status !== undefined) setStatus(msg.status, msg.kind || "");
      text.focus();
      text.setSelectionRange(text.value.length, text.value.length);
    } else if (msg.type === "status") {
      setStatus(msg.message, msg.kind || "");
    } else if (msg.type === "focus") {
      text.focus();
    } else if (msg.type === "star") {
      setStar(Boolean(msg.on));
    }
  });

  // A heartbeat each second: its answer says the connection is up. Missing answers mean
  // reconnecting, then offline; what was being saved then waits in the outbox.
  const heartbeat = setInterval(() => {
    pings += 1;
    model.send({ type: "ping", n: pings });
    const silent = performance.now() - lastPong;
    const was = conn;
    if (silent > 10000 || (silent > 4000 && !navigator.onLine)) conn = "offline";
    else if (silent > 4000) conn = "reconnecting";
    if (conn !== was) {
      if (inflight) toOutbox(inflight);
      showConn();
    }
  }, PING_MS);
  // Every few seconds, let the kernel follow the agenda and recount the panel.
  const tick = setInterval(() => {
    if (document.visibilityState === "visible") model.send({ type: "tick" });
  }, model.get("tick_ms"));

  showName();
  showMode();
  root.dataset.ready = "1";
  setTimeout(() => (model.get("name") ? text : nameInput).focus(), 0);
  showConn();
  flush();
  return () => {
    clearInterval(tick);
    clearInterval(heartbeat);
    clearTimeout(settle);
    document.removeEventListener("keydown", onKey, true);
  };
}

export default { render };
