// The live feed: the latest captures with Edit and Delete, and Undo for the last change.
function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
}

function render({ model, el: root }) {
  root.classList.add("hv-feed");
  const head = el("div", "hv-feed-head");
  const title = el("span", "hv-feed-title", "Latest");
  const undo = el("button", "hv-undo", "Undo my last change");
  undo.type = "button";
  undo.addEventListener("click", () => model.send({ type: "undo" }));
  head.append(title, undo);
  const waiting = el("div", "hv-waiting");
  const list = el("ol", "hv-items");

  // -- search and filters: the kernel reads the event file for what matches -----------------
  const filters = el("div", "hv-filters");
  const search = el("input", "hv-search");
  search.type = "search";
  search.placeholder = "Search the captures";
  search.setAttribute("aria-label", "Search the captures");
  function picker(cls, label) {
    const select = el("select", cls);
    select.setAttribute("aria-label", label);
    return select;
  }
  const bySession = picker("hv-filter-session", "Only this session");
  const byKind = picker("hv-filter-kind", "Only this kind");
  const bySpeaker = picker("hv-filter-speaker", "Only this speaker");
  filters.append(search, bySession, byKind, bySpeaker);
  const more = el("button", "hv-more", "Show more");
  more.type = "button";
  const count = el("span", "hv-feed-count");
  head.insertBefore(count, undo);
  root.append(head, filters, waiting, list, more);

  function fill(select, anyLabel, options) {
    const kept = select.value;
    select.replaceChildren(el("option", "", anyLabel));
    select.firstChild.value = "";
    for (const [label, value] of options) {
      const option = el("option", "", label);
      option.value = value;
      select.append(option);
    }
    select.value = [...select.options].some((o) => o.value === kept) ? kept : "";
  }
  function showChoices() {
    const c = model.get("choices") || {};
    fill(bySession, "All sessions", c.sessions || []);
    fill(byKind, "All kinds", (c.kinds || []).map((k) => [k === "image" ? "photos" : k + "s", k]));
    fill(bySpeaker, "All speakers", (c.speakers || []).map((n) => [n, n]));
  }
  let typing = 0;
  function ask() {
    model.set("filters", { search: search.value, session: bySession.value,
                           kind: byKind.value, speaker: bySpeaker.value });
    model.set("limit", 8);
    model.save_changes();
  }
  search.addEventListener("input", () => { clearTimeout(typing); typing = setTimeout(ask, 250); });
  for (const select of [bySession, byKind, bySpeaker]) select.addEventListener("change", ask);
  more.addEventListener("click", () => {
    model.set("limit", model.get("limit") + 20);
    model.save_changes();
  });

  function row(item) {
    const li = el("li", `hv-item hv-kind-${item.kind}`);
    li.dataset.id = item.id;
    if (item.thumb) {
      const img = el("img", "hv-thumb");
      img.src = item.thumb;
      img.alt = item.text || "photo";
      li.append(img);
    }
    const body = el("div", "hv-item-body");
    const meta = el("div", "hv-meta");
    meta.append(el("span", "hv-badge", item.kind), el("span", "", item.time));
    if (item.who) meta.append(el("span", "hv-who-said", item.who));
    if (item.session) meta.append(el("span", "hv-session", item.session));
    if (item.personal) {  // names or contact details: check with the speaker (issue 17)
      const flag = el("span", "hv-personal", `⚑ ${item.personal}`);
      flag.title = "Names or contact details: check with the speaker while they are here";
      meta.append(flag);
    }
    meta.append(el("span", "hv-by", `by ${item.by}`));
    const words = el("div", "hv-words", item.text || "(no caption yet)");
    body.append(meta, words);
    const actions = el("div", "hv-actions");
    const edit = el("button", "hv-edit", item.text ? "Edit" : "Caption");
    edit.type = "button";
    edit.addEventListener("click", () => model.send({ type: "edit", id: item.id }));
    const star = el("button", "hv-star-item", item.star ? "★" : "☆");
    star.type = "button";
    star.title = item.star ? "Starred (a golden quote): take the star off" : "Star: a golden quote";
    star.setAttribute("aria-pressed", item.star ? "true" : "false");
    star.addEventListener("click", () => model.send({ type: "star", id: item.id }));
    const del = el("button", "hv-delete", "Delete");
    del.type = "button";
    del.addEventListener("click", () => model.send({ type: "delete", id: item.id }));
    actions.append(star, edit, del);
    li.append(body, actions);
    return li;
  }
  function show() {
    const items = model.get("items");
    list.replaceChildren(...items.map(row));
    const f = model.get("filters") || {};
    const filtered = Boolean(f.search || f.session || f.kind || f.speaker);
    more.style.display = items.length >= model.get("limit") ? "" : "none";
    count.textContent = filtered ? `${items.length}${items.length >= model.get("limit") ? "+" : ""} found` : "";
    title.textContent = filtered ? "Found" : "Latest";
    const w = model.get("waiting");
    waiting.replaceChildren();
    waiting.style.display = w.length ? "" : "none";
    if (w.length) {
      waiting.append(el("span", "", `${w.length} new photo(s) from the folder need a caption: `));
      for (const item of w) {
        const b = el("button", "hv-caption", item.name);
        b.type = "button";
        b.addEventListener("click", () => model.send({ type: "edit", id: item.id }));
        waiting.append(b);
      }
    }
  }
  model.on("change:items", show);
  model.on("change:choices", showChoices);
  showChoices();
  model.on("change:waiting", show);
  show();
}

export default { render };
