import type { ParsedStatement } from './parse.js';
import type { Route } from './route.types.js';

/** A statement with its route, as the cache keeps it. */
export interface PlannedStatement {
  parsed: ParsedStatement;
  route: Route;
  /** The parameter types it was planned with (declared, inferred or probed), when any. */
  paramTypes?: readonly number[];
}

/**
 * Remembers how query texts were planned, so a repeated query skips parsing, rewriting and
 * deparsing. Keys include everything a plan depends on (catalog version, tenant, declared
 * parameter types); routes that must be rebuilt per execution are never cached.
 */
export class PlanCache {
  private readonly map = new Map<string, PlannedStatement[]>();

  constructor(private readonly capacity = 1000) {}

  static key(sql: string, catalogVersion: number | string, tenant: string | null, paramTypes: readonly number[] = []): string {
    return `${catalogVersion}\u0000${tenant ?? ''}\u0000${paramTypes.join(',')}\u0000${sql}`;
  }

  get(key: string): PlannedStatement[] | undefined {
    const hit = this.map.get(key);
    if (hit) {
      // Refresh recency: Map keeps insertion order, so re-inserting moves it to the end.
      this.map.delete(key);
      this.map.set(key, hit);
    }
    return hit;
  }

  /** Store a plan if every route in it is static. */
  set(key: string, plans: PlannedStatement[]): void {
    if (this.capacity === 0 || plans.some((p) => !isCacheable(p.route))) return;
    this.map.set(key, plans);
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value as string);
  }

  get size(): number {
    return this.map.size;
  }
}

function isCacheable(r: Route): boolean {
  if (r.kind === 'duckdb') return r.search ? r.search.cacheable : typeof r.sql === 'string';
  if (r.kind === 'copy') return r.copy.direction === 'from' || isCacheable(r.copy.query);
  return r.kind !== 'error';
}
