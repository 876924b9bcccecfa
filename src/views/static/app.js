// paperwire's progressive script: pages work without it; with it, long abstracts expand in place.
document.querySelectorAll('.abstract.clamp').forEach((p) => {
  if (p.scrollHeight <= p.clientHeight + 2) return;
  const more = document.createElement('button');
  more.type = 'button';
  more.className = 'more';
  more.textContent = 'Show more';
  more.setAttribute('aria-expanded', 'false');
  more.addEventListener('click', () => {
    const open = p.classList.toggle('clamp');
    more.textContent = open ? 'Show more' : 'Show less';
    more.setAttribute('aria-expanded', String(!open));
  });
  p.after(more);
});

// Search page: results as you type. The form still works without this; with it, the results region is refreshed
// (debounced) from /search?…&partial=1 and the address kept in step so the page can be shared or reloaded.
const liveForm = document.querySelector('form[data-live-search]');
if (liveForm && window.fetch) {
  const region = document.getElementById('results');
  let timer;
  let inflight;
  const refresh = () => {
    const params = new URLSearchParams(new FormData(liveForm));
    for (const [k, v] of [...params]) if (!v) params.delete(k);
    const query = params.toString();
    history.replaceState(null, '', `/search${query ? `?${query}` : ''}`);
    params.set('partial', '1');
    inflight?.abort();
    inflight = new AbortController();
    fetch(`/search?${params}`, { signal: inflight.signal, headers: { Accept: 'text/html' } })
      .then((r) => (r.ok ? r.text() : Promise.reject(r)))
      .then((markup) => {
        region.innerHTML = markup;
      })
      .catch(() => {});
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 250);
  };
  liveForm.addEventListener('input', schedule);
  liveForm.addEventListener('change', schedule);
}
