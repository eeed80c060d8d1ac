// Keeps a server-rendered list current: re-reads the page every data-refresh ms and swaps in its #live part.
// What the person is doing there is kept: ticked boxes and typed filters stay, and no swap happens while
// a control of the list has the focus.
(function () {
  const live = document.getElementById('live');
  if (!live) return;
  const every = Number(live.dataset.refresh || 5000);
  setInterval(async () => {
    const busy = document.activeElement;
    if (busy && live.contains(busy) && busy.matches('input, select, textarea')) return;
    const r = await fetch(location.href, { credentials: 'same-origin' });
    if (!r.ok) return;
    const next = new DOMParser().parseFromString(await r.text(), 'text/html').getElementById('live');
    if (!next) return;
    const kept = new Map();
    live.querySelectorAll('input[id], select[id]').forEach(c => kept.set(c.id, c.type === 'checkbox' ? c.checked : c.value));
    // The page's own escaped rendering, moved over as nodes: no string goes back through the HTML parser here.
    live.replaceChildren(...Array.from(next.childNodes, n => document.importNode(n, true)));
    kept.forEach((v, id) => {
      const c = document.getElementById(id);
      if (!c) return;
      if (c.type === 'checkbox') c.checked = v; else c.value = v;
    });
  }, every);
})();
