'use client';

import { useEffect, useState } from 'react';
import styles from './execution.module.css';

type CopyState = 'idle' | 'copied' | 'failed';

/** Copies `text`; says "Copied" for a moment so the click visibly did something. */
export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [state, setState] = useState<CopyState>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const t = setTimeout(() => setState('idle'), 2_000);
    return () => clearTimeout(t);
  }, [state]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      // Clipboard access needs a secure context or a permission; the text stays selectable anyway.
      setState('failed');
    }
  };
  return (
    <button type="button" className={`${styles.button} ${styles.copy}`} onClick={copy} data-state={state} aria-live="polite">
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed: select the text' : label}
    </button>
  );
}
