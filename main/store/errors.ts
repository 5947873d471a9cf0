// Errors the store throws on purpose; the API layer maps `NotFoundError` to code 'not-found'
// and the CLI prints its message.
export class NotFoundError extends Error {
  readonly code = 'not-found' as const;
  constructor(
    readonly entity: 'experiment' | 'run' | 'comparison',
    readonly id: number,
  ) {
    super(`${entity} ${id} not found`);
    this.name = 'NotFoundError';
  }
}

/** The file was written by a newer app with migrations this one does not know. */
export class SchemaTooNewError extends Error {
  constructor(
    readonly found: number,
    readonly known: number,
  ) {
    super(`database schema version ${found} is newer than this app understands (${known}); update Descent Lab`);
    this.name = 'SchemaTooNewError';
  }
}
