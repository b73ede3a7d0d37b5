// DuckDB peer for bench/run: loads the generated Entra sign-ins into a
// DuckDB database file and times the 7-day window query that matches
// `signtrail signins --format csv`. Prints one JSON object on stdout.
//
//   node duckdb_peer.mjs ingest DB_FILE SIGNINS_JSON USERS_CSV
//   node duckdb_peer.mjs query DB_FILE WINDOWS_JSON
//
// WINDOWS_JSON is a file holding [[start, end], ...] as UTC timestamps
// 'YYYY-MM-DD HH:MM:SS', start inclusive and end exclusive.

import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { DuckDBInstance } from '@duckdb/node-api';

const kTimestampPattern = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

// Quotes TEXT as an SQL string literal.
function sqlString(text) {
  return `'${text.replaceAll("'", "''")}'`;
}

// Returns the SQL of the window report, with the report's columns and row
// order. Successful sign-ins are grouped by (user, sessionId). Each session
// starts at its first sign-in inside the window and takes that sign-in's
// address and application. The D365 Users export gives login, name and email.
function windowQuery(start, end) {
  for (const value of [start, end]) {
    if (!kTimestampPattern.test(value)) {
      throw new Error(`window bound '${value}' is not a valid timestamp (expected 'YYYY-MM-DD HH:MM:SS')`);
    }
  }
  return `
    WITH sessions AS (
      SELECT userId AS user_id,
             sessionId AS session_id,
             min(createdDateTime) AS session_start,
             arg_min(ipAddress, createdDateTime) AS client_ip,
             arg_min(appDisplayName, createdDateTime) AS application
      FROM signins
      WHERE createdDateTime >= TIMESTAMP ${sqlString(start)}
        AND createdDateTime < TIMESTAMP ${sqlString(end)}
        AND status.errorCode = 0
      GROUP BY userId, sessionId)
    SELECT s.user_id, u.login, u.user_name, u.email,
           strftime(s.session_start, '%Y-%m-%dT%H:%M:%SZ') AS session_start,
           NULL AS session_end, 'open' AS end_kind, 'entra:default' AS source,
           s.client_ip, s.application, 'success' AS result
    FROM sessions s LEFT JOIN users u ON u.object_id = s.user_id
    ORDER BY s.session_start, s.user_id, s.session_id`;
}

async function connect(databaseFile) {
  const instance = await DuckDBInstance.create(databaseFile);
  return { instance, connection: await instance.connect() };
}

async function readVersion(connection) {
  const reader = await connection.runAndReadAll('SELECT version() AS version');
  return reader.getRowObjects()[0].version;
}

// Loads the sign-ins (timed, with the checkpoint that makes them durable in
// the database file) and then the users (timed separately).
async function ingest(databaseFile, signinsJson, usersCsv) {
  const { instance, connection } = await connect(databaseFile);

  let started = performance.now();
  await connection.run(
    `CREATE TABLE signins AS SELECT * FROM read_json(${sqlString(signinsJson)})`);
  await connection.run('CHECKPOINT');
  const signinsSeconds = (performance.now() - started) / 1000;

  started = performance.now();
  await connection.run(`
    CREATE TABLE users AS
    SELECT "User ID" AS login, "User name" AS user_name, Email AS email,
           TRY_CAST("Telemetry ID" AS UUID) AS object_id
    FROM read_csv(${sqlString(usersCsv)}, header = true, all_varchar = true)`);
  await connection.run('CHECKPOINT');
  const usersSeconds = (performance.now() - started) / 1000;

  const counted = await connection.runAndReadAll('SELECT count(*) AS n FROM signins');
  const rows = Number(counted.getRowObjects()[0].n);
  const version = await readVersion(connection);
  connection.closeSync();
  instance.closeSync();
  return { rows, signins_seconds: signinsSeconds, users_seconds: usersSeconds, version };
}

// Counts the rows of the first window in an untimed run that also warms the
// cache, then times the query once per window. Each timed run writes its CSV
// to /dev/null, as the signtrail and sqlite3 runs do.
async function query(databaseFile, windowsFile) {
  const windows = JSON.parse(readFileSync(windowsFile, 'utf8'));
  const { instance, connection } = await connect(databaseFile);

  const [firstStart, firstEnd] = windows[0];
  const counted = await connection.runAndReadAll(
    `SELECT count(*) AS n FROM (${windowQuery(firstStart, firstEnd)})`);
  const firstWindowRows = Number(counted.getRowObjects()[0].n);

  const milliseconds = [];
  for (const [start, end] of windows) {
    const started = performance.now();
    await connection.run(
      `COPY (${windowQuery(start, end)}) TO '/dev/null' (FORMAT CSV, HEADER)`);
    milliseconds.push(performance.now() - started);
  }
  const version = await readVersion(connection);
  connection.closeSync();
  instance.closeSync();
  return { milliseconds, first_window_rows: firstWindowRows, version };
}

async function main(argv) {
  const [command, ...rest] = argv;
  if (command === 'ingest' && rest.length === 3) {
    return ingest(...rest);
  }
  if (command === 'query' && rest.length === 2) {
    return query(...rest);
  }
  throw new Error(
    'usage: node duckdb_peer.mjs ingest DB_FILE SIGNINS_JSON USERS_CSV | query DB_FILE WINDOWS_JSON');
}

try {
  const result = await main(process.argv.slice(2));
  process.stdout.write(`${JSON.stringify(result)}\n`);
} catch (error) {
  process.stderr.write(`duckdb_peer: ${error.message}\n`);
  process.exit(1);
}
