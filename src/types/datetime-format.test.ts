import { describe, expect, it } from 'vitest';
import {
  civilFromDays,
  daysFromCivil,
  formatDate,
  formatInterval,
  formatOffset,
  formatTimeOfDay,
  formatTimestamp,
  formatTimestampTz,
  isKnownTimeZone,
  TS_INFINITY,
  TS_NEG_INFINITY,
} from './datetime-format.js';

// Expected strings come from PostgreSQL 15.20 (Debian 15.20-0+deb12u1), DateStyle 'ISO, MDY',
// IntervalStyle postgres. Day numbers are `d - '1970-01-01'::date`, microseconds are
// `extract(epoch from t) * 1000000`, both read from the same server.

describe('formatDate (days since 1970-01-01), PG 15.20', () => {
  const cases: [number, string][] = [
    [19782, '2024-02-29'],
    [0, '1970-01-01'],
    [-1, '1969-12-31'],
    [10957, '2000-01-01'],
    [-719162, '0001-01-01'],
    [-719163, '0001-12-31 BC'],
    [-735160, '0044-03-15 BC'],
    [-2440222, '4713-11-24 BC'],
    [2145042905, '5874897-12-31'],
    [2932896, '9999-12-31'],
    [-141438, '1582-10-04'],
    [-354485, '0999-06-15'],
  ];
  it.each(cases)('%i → %s', (days, expected) => {
    expect(formatDate(days)).toBe(expected);
  });

  it('infinity and -infinity (DuckDB’s sentinels)', () => {
    expect(formatDate(2147483647)).toBe('infinity');
    expect(formatDate(-2147483647)).toBe('-infinity');
  });
});

describe('civil day arithmetic', () => {
  it('round-trips every 997th day over ±3000 years', () => {
    for (let d = -1_100_000; d <= 1_100_000; d += 997) {
      const [y, m, day] = civilFromDays(d);
      expect(daysFromCivil(y, m, day)).toBe(d);
    }
  });

  it('knows leap years (1900 no, 2000 yes)', () => {
    expect(civilFromDays(daysFromCivil(1900, 2, 28) + 1)).toEqual([1900, 3, 1]);
    expect(civilFromDays(daysFromCivil(2000, 2, 28) + 1)).toEqual([2000, 2, 29]);
  });
});

describe('formatTimestamp (microseconds since 1970), PG 15.20', () => {
  const cases: [bigint, string][] = [
    [1709214310123456n, '2024-02-29 13:45:10.123456'],
    [0n, '1970-01-01 00:00:00'],
    [-1n, '1969-12-31 23:59:59.999999'],
    [-62135596801000000n, '0001-12-31 23:59:59 BC'],
    [946684800500000n, '2000-01-01 00:00:00.5'],
    [-210835180800000000n, '4713-11-24 00:00:00 BC'],
    [-2203973876960000n, '1900-02-28 01:02:03.04'],
    [-62135596800000000n, '0001-01-01 00:00:00'],
  ];
  it.each(cases)('%s → %s', (micros, expected) => {
    expect(formatTimestamp(micros)).toBe(expected);
  });

  it('infinity and -infinity', () => {
    expect(formatTimestamp(TS_INFINITY)).toBe('infinity');
    expect(formatTimestamp(TS_NEG_INFINITY)).toBe('-infinity');
  });
});

describe('formatTimestampTz, PG 15.20 with SET TimeZone', () => {
  // [microseconds since epoch, UTC, America/New_York, Asia/Kolkata]
  const instants: [bigint, string, string, string][] = [
    [1705322096789000n, '2024-01-15 12:34:56.789+00', '2024-01-15 07:34:56.789-05', '2024-01-15 18:04:56.789+05:30'],
    [1720062000000000n, '2024-07-04 03:00:00+00', '2024-07-03 23:00:00-04', '2024-07-04 08:30:00+05:30'],
    [1710053999000000n, '2024-03-10 06:59:59+00', '2024-03-10 01:59:59-05', '2024-03-10 12:29:59+05:30'],
    [1710054000000000n, '2024-03-10 07:00:00+00', '2024-03-10 03:00:00-04', '2024-03-10 12:30:00+05:30'],
    [1730611800000000n, '2024-11-03 05:30:00+00', '2024-11-03 01:30:00-04', '2024-11-03 11:00:00+05:30'],
    [951865200000000n, '2000-02-29 23:00:00+00', '2000-02-29 18:00:00-05', '2000-03-01 04:30:00+05:30'],
    // Non-leap years.
    [1688439600000000n, '2023-07-04 03:00:00+00', '2023-07-03 23:00:00-04', '2023-07-04 08:30:00+05:30'],
    [1741503600000000n, '2025-03-09 07:00:00+00', '2025-03-09 03:00:00-04', '2025-03-09 12:30:00+05:30'],
    [1677628800000000n, '2023-03-01 00:00:00+00', '2023-02-28 19:00:00-05', '2023-03-01 05:30:00+05:30'],
    // Before 1970, and local mean time with a seconds offset.
    [-500000n, '1969-12-31 23:59:59.5+00', '1969-12-31 18:59:59.5-05', '1970-01-01 05:29:59.5+05:30'],
    [-3773736000000000n, '1850-06-01 12:00:00+00', '1850-06-01 07:03:58-04:56:02', '1850-06-01 17:53:28+05:53:28'],
    [-63517780800000000n, '0044-03-15 12:00:00+00 BC', '0044-03-15 07:03:58-04:56:02 BC', '0044-03-15 17:53:28+05:53:28 BC'],
  ];

  it.each(instants.map(([m, utc]) => [m, utc] as const))('UTC: %s → %s', (micros, expected) => {
    expect(formatTimestampTz(micros, 'UTC')).toBe(expected);
  });

  it.each(instants.map(([m, , ny]) => [m, ny] as const))('America/New_York: %s → %s', (micros, expected) => {
    expect(formatTimestampTz(micros, 'America/New_York')).toBe(expected);
  });

  it.each(instants.map(([m, , , kol]) => [m, kol] as const))('Asia/Kolkata: %s → %s', (micros, expected) => {
    expect(formatTimestampTz(micros, 'Asia/Kolkata')).toBe(expected);
  });

  it('UTC aliases all print +00', () => {
    for (const z of ['utc', 'Etc/UTC', 'GMT', 'Z', 'Universal']) expect(formatTimestampTz(0n, z)).toBe('1970-01-01 00:00:00+00');
  });

  it('a plain number of hours is an ISO offset (east positive): +5 and -8', () => {
    expect(formatTimestampTz(1705322096789000n, '+5')).toBe('2024-01-15 17:34:56.789+05');
    expect(formatTimestampTz(1705322096789000n, '-8')).toBe('2024-01-15 04:34:56.789-08');
  });

  it("'+05:30' is a POSIX zone spec (west positive), as Postgres reads it", () => {
    expect(formatTimestampTz(1705322096789000n, '+05:30')).toBe('2024-01-15 07:04:56.789-05:30');
  });

  it("'-08:00' is a POSIX zone spec (west positive), as Postgres reads it", () => {
    expect(formatTimestampTz(1705322096789000n, '-08:00')).toBe('2024-01-15 20:34:56.789+08');
  });

  it('infinity and -infinity carry no offset', () => {
    expect(formatTimestampTz(TS_INFINITY, 'America/New_York')).toBe('infinity');
    expect(formatTimestampTz(TS_NEG_INFINITY, 'Asia/Kolkata')).toBe('-infinity');
  });
});

describe('formatOffset, formatTimeOfDay, isKnownTimeZone', () => {
  it('offsets print as +HH, +HH:MM or +HH:MM:SS', () => {
    expect(formatOffset(0)).toBe('+00');
    expect(formatOffset(19800)).toBe('+05:30');
    expect(formatOffset(-17762)).toBe('-04:56:02');
    expect(formatOffset(-3600)).toBe('-01');
    expect(formatOffset(21208)).toBe('+05:53:28');
  });

  it('time of day trims trailing zeros of the fraction', () => {
    expect(formatTimeOfDay(0n)).toBe('00:00:00');
    expect(formatTimeOfDay(86399999999n)).toBe('23:59:59.999999');
    expect(formatTimeOfDay(45296120000n)).toBe('12:34:56.12');
  });

  it('knows IANA zones, UTC aliases and numeric offsets, not garbage', () => {
    expect(isKnownTimeZone('America/New_York')).toBe(true);
    expect(isKnownTimeZone('UTC')).toBe(true);
    expect(isKnownTimeZone('+05:30')).toBe(true);
    expect(isKnownTimeZone('Mars/Olympus_Mons')).toBe(false);
  });
});

describe('formatInterval (months, days, microseconds), PG 15.20', () => {
  const cases: [number, number, bigint, string][] = [
    [0, 0, 0n, '00:00:00'],
    [14, 3, 14706000000n, '1 year 2 mons 3 days 04:05:06'],
    [0, -1, 7200000000n, '-1 days +02:00:00'],
    [12, 0, 0n, '1 year'],
    [-14, 3, -14706000000n, '-1 years -2 mons +3 days -04:05:06'],
    [1, 1, 1000000n, '1 mon 1 day 00:00:01'],
    [-1, 0, 0n, '-1 mons'],
    [0, 0, -1n, '-00:00:00.000001'],
    [0, 0, 500000n, '00:00:00.5'],
    [0, 0, 360000000000n, '100:00:00'],
    [-13, 0, 0n, '-1 years -1 mons'],
    [11, -5, 0n, '11 mons -5 days'],
    [0, 5, -3600000000n, '5 days -01:00:00'],
    [-12, 5, 0n, '-1 years +5 days'],
    [0, -3, -60000000n, '-3 days -00:01:00'],
    [24, 0, 0n, '2 years'],
    [0, 1, 0n, '1 day'],
    [0, 0, 259200000000n, '72:00:00'],
    [-2, -3, 3600000000n, '-2 mons -3 days +01:00:00'],
    [0, 0, 123456789n, '00:02:03.456789'],
    [-1, 1, 0n, '-1 mons +1 day'],
    [-12, -1, 1n, '-1 years -1 days +00:00:00.000001'],
    [0, -1, 0n, '-1 days'],
    [13, 0, -1000n, '1 year 1 mon -00:00:00.001'],
  ];
  it.each(cases)('(%i, %i, %s) → %s', (months, days, micros, expected) => {
    expect(formatInterval(months, days, micros)).toBe(expected);
  });

  it("matches PG for the literals '-1 day 2 hours', '1 year 2 mons', '-1 years -2 mons +3 days -04:05:06'", () => {
    expect(formatInterval(0, -1, 2n * 3600000000n)).toBe('-1 days +02:00:00');
    expect(formatInterval(14, 0, 0n)).toBe('1 year 2 mons');
    expect(formatInterval(-14, 3, -(4n * 3600n + 5n * 60n + 6n) * 1000000n)).toBe('-1 years -2 mons +3 days -04:05:06');
  });
});
