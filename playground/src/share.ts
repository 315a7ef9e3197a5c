/** The model in the URL: `#model=` and the source as base64url of its UTF-8 bytes. */

/** The hash that holds `source`. */
export function encodeModel(source: string): string {
  let binary = '';
  for (const b of new TextEncoder().encode(source)) binary += String.fromCharCode(b);
  return `#model=${btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}

/** The source a hash holds, or undefined when it holds none (or not a valid one). */
export function decodeModel(hash: string): string | undefined {
  const m = /^#model=([A-Za-z0-9_-]*)$/.exec(hash);
  if (m === null) return undefined;
  try {
    const binary = atob((m[1] as string).replace(/-/g, '+').replace(/_/g, '/'));
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch {
    return undefined;
  }
}
