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
