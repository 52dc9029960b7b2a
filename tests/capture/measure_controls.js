// Every control of the pad as shown now: is it whole on the screen, 44 px tall or more,
// and is it what a finger at its centre and corners touches (not covered, not clipped)?
// Run with page.evaluate; returns [{name, problems}] for every visible control.
() => {
  const vw = document.documentElement.clientWidth;
  const out = [];
  const sel = [".hv-pad input:not([type=file])", ".hv-pad select", ".hv-pad textarea",
    ".hv-pad button", ".hv-pad label.hv-pick"].join(", ");
  for (const node of document.querySelectorAll(sel)) {
    const style = getComputedStyle(node);
    if (node.offsetParent === null || style.visibility === "hidden") continue;
    if (node.closest(".hv-tags")) continue; // the tag chips' own input is never shown
    node.scrollIntoView({ block: "center" });
    const r = node.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    const words = node.textContent || node.placeholder || node.getAttribute("aria-label") || "";
    const name = (node.className || node.tagName) + ": " + words.trim().slice(0, 20);
    const problems = [];
    if (r.height < 44) problems.push(`height ${r.height.toFixed(0)}`);
    if (r.left < 0 || r.right > vw + 0.5) {
      problems.push(`outside ${r.left.toFixed(0)}..${r.right.toFixed(0)} of ${vw}`);
    }
    const i = 3;
    const points = [
      [r.left + r.width / 2, r.top + r.height / 2],
      [r.left + i, r.top + i], [r.right - i, r.top + i],
      [r.left + i, r.bottom - i], [r.right - i, r.bottom - i],
    ];
    for (const [x, y] of points) {
      const hit = document.elementFromPoint(x, y);
      const mine = hit && (hit === node || node.contains(hit) ||
        (node.tagName === "LABEL" && hit === node.control));
      if (!mine) {
        const by = hit ? hit.className || hit.tagName : "nothing";
        problems.push(`covered at ${x.toFixed(0)},${y.toFixed(0)} by ${by}`);
        break;
      }
    }
    out.push({ name, problems });
  }
  return out;
}
