// The build puts soft hyphens (U+00AD) into long words so that they break at a syllable on
// narrow screens. Some browsers (Chromium) copy them along, which breaks searching and pasting
// the word elsewhere: copied text leaves them out. Without this script everything else works.
document.addEventListener('copy', (event) => {
  const selection = document.getSelection();
  if (!selection || selection.isCollapsed || !event.clipboardData) return;
  const text = selection.toString();
  if (!text.includes('\u00ad')) return;
  const box = document.createElement('div');
  for (let i = 0; i < selection.rangeCount; i++) box.append(selection.getRangeAt(i).cloneContents());
  event.clipboardData.setData('text/plain', text.replaceAll('\u00ad', ''));
  event.clipboardData.setData('text/html', box.innerHTML.replaceAll('\u00ad', ''));
  event.preventDefault();
});
