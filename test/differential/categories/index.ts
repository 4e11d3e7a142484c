import type { Category } from '../query.js';
import { arithmetic } from './arithmetic.js';
import { aggregates } from './aggregates.js';
import { casts } from './casts.js';
import { nulls } from './nulls.js';
import { text } from './text.js';
import { datetime } from './datetime.js';
import { arrays } from './arrays.js';
import { json } from './json.js';
import { srf } from './srf.js';
import { shape } from './shape.js';
import { schemas } from './schemas.js';
import { errors } from './errors.js';
import { sources } from './sources.js';

/** Every category of the differential suite, in report order. */
export const categories: readonly Category[] = [arithmetic, aggregates, casts, nulls, text, datetime, arrays, json, srf, shape, schemas, errors, sources];
