'use client';

import { useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { createSnapshot } from '@/lib/query/options';
import { CopyButton } from '../copy-button';
import styles from './execution.module.css';
import { formatDate } from '@/lib/domain/format';

interface Props {
  executionArn: string;
  from: string | null;
  to: string | null;
}

/** "Share": freezes the diagnosis on the server and hands back an unguessable link to it. */
export function SharePanel({ executionArn, from, to }: Props) {
  const [open, setOpen] = useState(false);
  const [includePayloads, setIncludePayloads] = useState(false);
  const checkboxId = useId();
  const share = useMutation({ mutationFn: () => createSnapshot({ executionArn, from, to, includePayloads }) });
  const link = share.data ? `${window.location.origin}${share.data.url}` : null;

  return (
    <div className={styles.share}>
      <button type="button" className={`${styles.button} ${styles.primary}`} aria-expanded={open} onClick={() => setOpen(!open)}>
        Share diagnosis
      </button>
      {open ? (
        <div className={styles.sharePopover} role="dialog" aria-label="Share this diagnosis">
          <p className={styles.note}>
            Freezes the verdict, its evidence and both sides as they are now into a link. Anyone with the link can open it.
          </p>
          <label htmlFor={checkboxId} className={styles.checkbox}>
            <input id={checkboxId} type="checkbox" checked={includePayloads} onChange={(e) => setIncludePayloads(e.target.checked)} disabled={share.isPending} />
            include execution input/output
          </label>
          <button type="button" className={styles.button} onClick={() => share.mutate()} disabled={share.isPending}>
            {share.isPending ? 'Creating link…' : link ? 'Create a new link' : 'Create link'}
          </button>
          {share.error ? (
            <p className={styles.errorText} role="alert">
              {share.error.message}
            </p>
          ) : null}
          {link && share.data ? (
            <div className={styles.shareResult}>
              <input className={styles.linkField} readOnly value={link} aria-label="Diagnosis link" data-testid="share-link" onFocus={(e) => e.currentTarget.select()} />
              <CopyButton text={link} caption="Copy link" className={`${styles.button} ${styles.copy}`} />
              <span className={styles.note}>expires {formatDate(share.data.expiresAt)}</span>
            </div>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
