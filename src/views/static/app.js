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
    for (const [k, v] of [...params]) if (!v || (k === 'mode' && v === 'hybrid')) params.delete(k);
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

// Upvotes toggle in place: the same form posts with fetch and the button and count update; without this
// script (or when the request fails) the form posts normally and the page reloads.
document.addEventListener('submit', async (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.classList.contains('vote')) return;
  event.preventDefault();
  const button = form.querySelector('button');
  const up = form.querySelector('input[name="up"]');
  if (!button || !up || button.disabled) return;
  button.disabled = true;
  try {
    const res = await fetch(form.action, { method: 'POST', body: new URLSearchParams(new FormData(form)), headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    if (!res.ok) throw new Error(String(res.status));
    const state = await res.json();
    up.value = state.upvoted ? '0' : '1';
    button.classList.toggle('voted', state.upvoted);
    button.setAttribute('aria-pressed', String(state.upvoted));
    const n = button.querySelector('.n');
    if (n) n.textContent = String(state.upvotes);
  } catch {
    form.submit();
  } finally {
    button.disabled = false;
  }
});

// Save and mark buttons post in place too: "Save" becomes "Saved" (and back) without a reload; "Hide" takes the
// card away and "Mark read" dims it. Without this script the forms post normally and the page comes back.
document.addEventListener('submit', async (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !(form.classList.contains('save') || form.classList.contains('mark'))) return;
  event.preventDefault();
  const button = form.querySelector('button');
  if (!button || button.disabled) return;
  button.disabled = true;
  try {
    const res = await fetch(form.action, { method: 'POST', body: new URLSearchParams(new FormData(form)), headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    if (!res.ok) throw new Error(String(res.status));
    const state = await res.json();
    const card = form.closest('.personal') ?? form.closest('.card');
    if (form.classList.contains('save')) {
      form.querySelector('input[name="save"]').value = state.saved ? '0' : '1';
      button.textContent = state.saved ? 'Saved' : 'Save';
      button.classList.toggle('saved', state.saved);
      button.setAttribute('aria-pressed', String(state.saved));
    } else {
      form.querySelector('input[name="on"]').value = state.on ? '0' : '1';
      if (state.kind === 'hidden' && state.on && card) card.hidden = true;
      if (state.kind === 'hidden' && !state.on) button.textContent = 'Hide';
      if (state.kind === 'read') {
        card?.classList.toggle('read', state.on);
        button.textContent = state.on ? 'Mark unread' : 'Mark read';
      }
    }
  } catch {
    form.submit();
  } finally {
    button.disabled = false;
  }
});
