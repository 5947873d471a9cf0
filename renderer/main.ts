// Placeholder entry (transport engineer) so `npm run build` works before the real app lands;
// the renderer engineer replaces this file and index.html.
document.getElementById('app')!.textContent = 'Descent Lab';
