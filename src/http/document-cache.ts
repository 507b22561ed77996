/**
 * The parsed-document cache behind Apollo (README "Facing the internet"). Apollo's default
 * sizes an entry without the source text its AST points to, so distinct multi-megabyte
 * documents (a long comment around `{ __typename }`) could fill the heap. Here an entry is
 * sized by its source text, a document over a per-entry cap is never kept, and the least
 * recently used entries go first once the byte budget is spent.
 */
import type { DocumentNode } from "graphql";

/**
 * Bytes an entry is taken to hold per character of source: the text itself (up to two bytes a
 * character) plus its AST, which for a dense document is several times the text.
 */
const BYTES_PER_SOURCE_CHAR = 16;

export class DocumentCache {
  private readonly entries = new Map<string, { document: DocumentNode; bytes: number }>();
  private used = 0;

  /** `maxBytes`: the whole budget; no one document may take more than a sixteenth of it. */
  constructor(private readonly maxBytes: number) {}

  /** What an entry is taken to hold. */
  static sizeOf(key: string, document: DocumentNode): number {
    return key.length * 2 + (document.loc?.source.body.length ?? 0) * BYTES_PER_SOURCE_CHAR;
  }

  get bytes(): number {
    return this.used;
  }

  get size(): number {
    return this.entries.size;
  }

  async get(key: string): Promise<DocumentNode | undefined> {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    // Most recently used last: a Map iterates in insertion order.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.document;
  }

  async set(key: string, document: DocumentNode): Promise<void> {
    const bytes = DocumentCache.sizeOf(key, document);
    await this.delete(key);
    if (bytes > this.maxBytes / 16) return;
    this.entries.set(key, { document, bytes });
    this.used += bytes;
    for (const [oldest, entry] of this.entries) {
      if (this.used <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.used -= entry.bytes;
    }
  }

  async delete(key: string): Promise<boolean> {
    const entry = this.entries.get(key);
    if (!entry) return false;
    this.entries.delete(key);
    this.used -= entry.bytes;
    return true;
  }
}
