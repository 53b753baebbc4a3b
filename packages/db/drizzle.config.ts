import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` turns schema changes into a new SQL migration under ./drizzle (commit it).
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/schema/index.ts',
  out: './drizzle',
  strict: true,
});
