import { type Category, match } from '../query.js';

/** Queries over the demo sources (trips Parquet, cities CSV) loaded with the same rows into PostgreSQL; names and rows compared. */
export const sources: Category = {
  name: 'sources',
  compareTypes: false,
  queries: [
    match('SELECT * FROM {trips} ORDER BY trip_id'),
    match('SELECT * FROM {cities} ORDER BY name'),
    match('SELECT count(*) AS n, count(DISTINCT city) AS cities, min(started_at) AS first, max(started_at) AS last FROM {trips}'),
    match('SELECT sum(fare) AS revenue, sum(distance_km) AS km, min(fare) AS cheapest, max(fare) AS dearest, sum(passengers) AS riders FROM {trips}'),
    match('SELECT city, count(*) AS n, sum(fare) AS revenue, min(distance_km) AS shortest, max(distance_km) AS longest FROM {trips} GROUP BY city ORDER BY city'),
    match('SELECT city, round(avg(fare), 2) AS avg_fare, round(avg(distance_km), 3) AS avg_km FROM {trips} GROUP BY city ORDER BY city'),
    match('SELECT city, avg(fare) AS avg_fare FROM {trips} GROUP BY city ORDER BY city'),
    match('SELECT passengers, count(*) AS n FROM {trips} GROUP BY passengers ORDER BY passengers'),
    match("SELECT date_trunc('month', started_at) AS month, count(*) AS n, sum(fare) AS revenue FROM {trips} GROUP BY 1 ORDER BY 1"),
    match('SELECT extract(hour FROM started_at) AS hour, count(*) AS n FROM {trips} GROUP BY 1 ORDER BY 1'),
    match('SELECT count(*) FILTER (WHERE passengers > 2) AS big_groups, count(*) FILTER (WHERE fare > 50) AS pricey FROM {trips}'),
    match('SELECT trip_id, city, fare FROM {trips} ORDER BY fare DESC, trip_id LIMIT 5'),
    match('SELECT trip_id, distance_km FROM {trips} WHERE distance_km BETWEEN 10 AND 10.5 ORDER BY trip_id'),
    match('SELECT c.country, count(*) AS trips, sum(t.fare) AS revenue FROM {trips} t JOIN {cities} c ON c.name = t.city GROUP BY c.country ORDER BY c.country'),
    match('SELECT c.name, c.population, count(t.trip_id) AS trips FROM {cities} c LEFT JOIN {trips} t ON t.city = c.name GROUP BY c.name, c.population ORDER BY c.population DESC'),
    match('SELECT name, population FROM {cities} ORDER BY population DESC LIMIT 3'),
    match('SELECT sum(population) AS total, min(population) AS smallest, max(country) AS last_country FROM {cities}'),
    match('WITH per_city AS (SELECT city, sum(fare) AS revenue FROM {trips} GROUP BY city) SELECT city, revenue FROM per_city WHERE revenue > (SELECT avg(revenue) FROM per_city) ORDER BY revenue DESC'),
    match('SELECT city, trip_id, fare, rank() OVER (PARTITION BY city ORDER BY fare DESC, trip_id) AS r FROM {trips} ORDER BY city, r LIMIT 12'),
    match('SELECT city, count(*) AS n FROM {trips} WHERE city IN (SELECT name FROM {cities} WHERE country IN (\'NL\', \'PT\')) GROUP BY city ORDER BY city'),
    match("SELECT to_char(started_at, 'YYYY-MM') AS month FROM {trips} GROUP BY 1 ORDER BY 1 LIMIT 3"),
    match('SELECT round(sum(fare) / sum(distance_km), 4) AS per_km FROM {trips}'),
  ],
};
