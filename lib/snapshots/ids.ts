import 'server-only';
import { randomBytes } from 'node:crypto';

/** 128 random bits, base64url (22 characters): unguessable, so the link itself is the permission. */
export function newSnapshotId(): string {
  return randomBytes(16).toString('base64url');
}
