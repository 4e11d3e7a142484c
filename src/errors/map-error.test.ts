import { describe, expect, it } from 'vitest';
import { toPgError } from './map-error.js';

/** The SQLSTATE and message a DuckDB error text maps to. */
const mapped = (text: string) => {
  const e = toPgError(new Error(text));
  return { code: e.code, message: e.message };
};

describe('toPgError: query errors as Postgres raises them', () => {
  it('maps binder errors about the query itself to their own SQLSTATEs', () => {
    expect(mapped('Binder Error: ORDER term out of range - should be between 1 and 1\n\nLINE 1: ...')).toEqual({ code: '42P10', message: 'ORDER BY position is not in select list' });
    expect(mapped('Binder Error: GROUP BY term out of range - should be between 1 and 2').code).toBe('42P10');
    expect(mapped('Binder Error: LIMIT/OFFSET cannot be negative')).toEqual({ code: '2201W', message: 'LIMIT must not be negative' });
    expect(mapped('Binder Error: aggregate function calls cannot be nested').code).toBe('42803');
    expect(mapped('Binder Error: WHERE clause cannot contain aggregates!')).toEqual({ code: '42803', message: 'aggregate functions are not allowed in WHERE' });
    expect(mapped('Binder Error: GROUP BY clause cannot contain aggregates!').message).toBe('aggregate functions are not allowed in GROUP BY');
    expect(mapped('Binder Error: HAVING clause cannot contain window functions!')).toEqual({ code: '42P20', message: 'window functions are not allowed in HAVING' });
    expect(mapped('Binder Error: Set operations can only apply to expressions with the same number of result columns').code).toBe('42601');
    expect(mapped('Binder Error: table "t" has 1 columns available but 2 columns specified').code).toBe('42P10');
    expect(mapped('Binder Error: Subquery returns 2 columns - expected 1')).toEqual({ code: '42601', message: 'subquery has too many columns' });
    expect(mapped("Binder Error: Cannot combine types of INTEGER_LITERAL and VARCHAR - an explicit cast is required").code).toBe('42804');
  });

  it('names a duplicated table alias the way Postgres does', () => {
    expect(mapped('Binder Error: Ambiguous reference to table "a" (duplicate alias "a", explicitly alias one of the tables using "AS my_alias")')).toEqual({
      code: '42712',
      message: 'table name "a" specified more than once',
    });
    expect(mapped('Binder Error: Ambiguous reference to table ""temp".main.dt" (duplicate alias ""temp".main.dt", explicitly …)').message).toBe('table name "dt" specified more than once');
  });

  it('maps USING columns, windows, CTE names and row sizes', () => {
    expect(mapped('Binder Error: Column "nope" does not exist on left side of join!')).toEqual({ code: '42703', message: 'column "nope" specified in USING clause does not exist in left table' });
    expect(mapped('Parser Error: window "w" does not exist').code).toBe('42704');
    expect(mapped('Parser Error: Duplicate CTE name "t"')).toEqual({ code: '42712', message: 'WITH query name "t" specified more than once' });
    expect(mapped('Mismatch Type Error: Type STRUCT(INTEGER, INTEGER, INTEGER) does not match with STRUCT(INTEGER, INTEGER). Cannot cast STRUCTs of different size').code).toBe('42601');
    expect(mapped('Catalog Error: Scalar Function with name row_number does not exist!')).toEqual({ code: '42809', message: 'window function row_number requires an OVER clause' });
    expect(mapped('Catalog Error: Scalar Function with name nope does not exist!').code).toBe('42883');
  });

  it('maps run-time errors: scalar subquery rows, missing parameters, ntile, date units', () => {
    expect(mapped('Invalid Input Error: More than one row returned by a subquery used as an expression - scalar subqueries can only return a single row.')).toEqual({
      code: '21000',
      message: 'more than one row returned by a subquery used as an expression',
    });
    expect(mapped('Invalid Input Error: Values were not provided for the following prepared statement parameters: 1')).toEqual({ code: '42P02', message: 'there is no parameter $1' });
    expect(mapped('Invalid Input Error: Expected 2 parameters, but none were supplied').message).toBe('there is no parameter $2');
    expect(mapped('Invalid Input Error: Argument for ntile must be greater than zero').code).toBe('22014');
    expect(mapped('Conversion Error: extract specifier "NOPE" not recognized')).toEqual({ code: '22023', message: 'unit "nope" not recognized' });
  });
});

describe('toPgError: writes and casts', () => {
  it('maps INSERT and UPDATE column errors', () => {
    expect(mapped('Binder Error: Table "et" does not have a column with name "nope"\nDid you mean: "c"')).toEqual({ code: '42703', message: 'column "nope" of relation "et" does not exist' });
    expect(mapped('Binder Error: Referenced update column nope not found in table!')).toEqual({ code: '42703', message: 'column "nope" does not exist' });
    expect(mapped('Binder Error: table et has 5 columns but 6 values were supplied').message).toBe('INSERT has more expressions than target columns');
    expect(mapped('Binder Error: Column name/value mismatch for insert on et: expected 2 columns but 1 values were supplied')).toEqual({ code: '42601', message: 'INSERT has more target columns than expressions' });
    expect(mapped('Binder Error: Could not ORDER BY column ""temp".main.dt.s": add the expression/function to every SELECT')).toEqual({ code: '42703', message: 'column "s" does not exist' });
  });

  it('maps impossible casts to 42846 and numbers too wide for numeric(p,s) to 22003', () => {
    expect(mapped('Conversion Error: Unimplemented type for cast (UUID -> INTEGER) when casting from source column u')).toEqual({ code: '42846', message: 'cannot cast type uuid to integer' });
    expect(mapped('Conversion Error: Could not cast value 12345 to DECIMAL(4,1)')).toEqual({ code: '22003', message: 'numeric field overflow' });
    expect(mapped('Conversion Error: Could not convert string "12345" to DECIMAL(4,1)').code).toBe('22003');
    expect(mapped('Conversion Error: Could not convert string "abc" to DECIMAL(4,1)').code).toBe('22P02');
    expect(mapped('Binder Error: PERCENTILEs can only take parameters in the range [0, 1]').code).toBe('22003');
  });
});

describe('toPgError: ambiguous calls', () => {
  it('reports an overload DuckDB cannot choose as not unique (42725), in Postgres words', () => {
    expect(mapped('Binder Error: Could not choose a best candidate function for the function call "+(DATE, STRING_LITERAL)". In order to select one, please add explicit type casts.')).toEqual({
      code: '42725',
      message: 'operator is not unique: date + unknown',
    });
    expect(mapped('Binder Error: Could not choose a best candidate function for the function call "-(STRING_LITERAL)".').message).toBe('operator is not unique: - unknown');
    expect(mapped('Binder Error: Could not choose a best candidate function for the function call "datepart(STRING_LITERAL, STRING_LITERAL)".').message).toBe('function datepart(unknown, unknown) is not unique');
    expect(mapped("Binder Error: No function matches the given name and argument types 'sum(VARCHAR)'.").code).toBe('42883');
  });
});

describe('toPgError: conditions', () => {
  it('reports a non-boolean condition refused by the typed condition macros as 42804', () => {
    expect(mapped('Binder Error: Macro where_condition() does not support the supplied arguments. You might need to add explicit type casts.')).toEqual({
      code: '42804',
      message: 'argument of WHERE must be type boolean',
    });
    expect(mapped('Binder Error: Macro join_condition() does not support the supplied arguments.').message).toBe('argument of JOIN/ON must be type boolean');
  });
});

describe('toPgError: text that is no value of its type', () => {
  it('names the type as Postgres does, and an enum value as an enum input', () => {
    expect(mapped("Conversion Error: Could not convert string 'abc' to INT32\n\nLINE 1: INSERT INTO en (i) VALUES ('abc')")).toEqual({ code: '22P02', message: 'invalid input syntax for type integer: "abc"' });
    expect(mapped('Conversion Error: Could not convert string "abc" to DECIMAL(10,2)')).toEqual({ code: '22P02', message: 'invalid input syntax for type numeric: "abc"' });
    expect(mapped("Conversion Error: Could not convert string 'maybe' to BOOL")).toEqual({ code: '22P02', message: 'invalid input syntax for type boolean: "maybe"' });
    expect(mapped("Conversion Error: Could not convert string 'angry' to UINT8\n\nLINE 1: SELECT 'angry'::mood")).toEqual({ code: '22P02', message: 'invalid input value for enum: "angry"' });
  });
});
