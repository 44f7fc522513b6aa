/**
 * A deep copy of plain case state. Every state machine in src/domain/ returns new state rather than
 * mutating its input; state is JSON by construction (it travels through Temporal as JSON).
 */
export const cloneState = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
