// Keeps a server-rendered list current: re-reads the page every data-refresh ms and swaps in its #live part.
(function () {
  const live = document.getElementById('live');
  if (!live) return;
  const every = Number(live.dataset.refresh || 5000);
  setInterval(async () => {
    const r = await fetch(location.href, { credentials: 'same-origin' });
    if (!r.ok) return;
    const next = new DOMParser().parseFromString(await r.text(), 'text/html').getElementById('live');
    // The page's own escaped rendering, moved over as nodes: no string goes back through the HTML parser here.
    if (next) live.replaceChildren(...Array.from(next.childNodes, n => document.importNode(n, true)));
  }, every);
})();
