import { correctWithHarper, type DialectName, warmUpHarper } from './harper-corrector.ts';

export type TextEngineName = 'harper' | 'echo';

/** Produces the completion text for a prompt text (what the "model" answers). */
export interface TextEngine {
  readonly name: TextEngineName;
  warmUp(): Promise<void>;
  respond(text: string, dialect: DialectName, degrade: number): Promise<string>;
}

const harperEngine: TextEngine = {
  name: 'harper',
  warmUp: () => warmUpHarper('American'),
  respond: (text, dialect, degrade) => correctWithHarper(text, dialect, degrade),
};

/** Returns the input unchanged: for load tests, where only the latency model matters. */
const echoEngine: TextEngine = {
  name: 'echo',
  warmUp: async () => {},
  respond: async (text) => text,
};

export const textEngine = (name: TextEngineName): TextEngine =>
  name === 'harper' ? harperEngine : echoEngine;
