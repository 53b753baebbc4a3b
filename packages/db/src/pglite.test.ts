import { openDatabase } from './open-database.ts';
import { describeRepositories } from './repositories.suite.ts';

describeRepositories('PGlite (in memory)', () => openDatabase({ memory: true }));
