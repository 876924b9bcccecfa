// Applies the reader's remembered colour theme before the page paints (loaded in <head>, not deferred); the
// toggle in the header cycles system → dark → light and remembers the choice in localStorage.
(() => {
  const root = document.documentElement;
  const saved = (() => { try { return localStorage.getItem('pw-theme'); } catch { return null; } })();
  if (saved === 'dark' || saved === 'light') root.dataset.theme = saved;
  const label = (t) => `Colour theme: ${t === 'dark' ? 'dark' : t === 'light' ? 'light' : 'follows the system'}`;
  document.addEventListener('DOMContentLoaded', () => {
    const button = document.querySelector('[data-theme-toggle]');
    if (!button) return;
    button.setAttribute('aria-label', label(root.dataset.theme));
    button.addEventListener('click', () => {
      const next = !root.dataset.theme ? 'dark' : root.dataset.theme === 'dark' ? 'light' : '';
      if (next) root.dataset.theme = next;
      else delete root.dataset.theme;
      try { next ? localStorage.setItem('pw-theme', next) : localStorage.removeItem('pw-theme'); } catch {}
      button.setAttribute('aria-label', label(next));
    });
  });
})();
