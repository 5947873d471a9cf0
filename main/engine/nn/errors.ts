/** A spec or file the engine cannot use; `field` names where (e.g. "model.2.dense", "data.path"). */
export class ExperimentError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'ExperimentError';
  }
}
