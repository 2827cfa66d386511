'use client';

import { useEffect, useState } from 'react';

type CopyState = 'idle' | 'copied' | 'failed';

/**
 * Copies `text` to the clipboard and says so for a moment, to screen readers too (the caption is a
 * live region). `label` names the button when its caption ("Copy") would not say what it copies;
 * `className` gives it a page's own look (the small button by default).
 */
export function CopyButton({ text, label, caption = 'Copy', className = 'btn btn-small' }: { text: string; label?: string; caption?: string; className?: string }) {
  const [state, setState] = useState<CopyState>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const t = setTimeout(() => setState('idle'), 2_000);
    return () => clearTimeout(t);
  }, [state]);
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      // Clipboard access needs a secure context or a permission; say so rather than pretend.
      setState('failed');
    }
  }
  return (
    <button type="button" className={className} onClick={copy} data-state={state} aria-label={label}>
      <span aria-live="polite">{state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed: select the text' : caption}</span>
    </button>
  );
}
