export interface ValidationIssue {
  path: readonly PropertyKey[] | readonly { key: PropertyKey }[];
  message: string;
}

/** Schema issues carried by an input-validation error (zod's ZodError or a Standard Schema error). */
export function validationIssuesOf(cause: unknown): { path: string; message: string }[] | undefined {
  const issues = (cause as { issues?: unknown } | null | undefined)?.issues;
  if (!Array.isArray(issues) || issues.length === 0) return undefined;
  return issues.map((issue: ValidationIssue) => ({
    path: (issue.path ?? [])
      .map((segment) => String(typeof segment === 'object' && segment !== null ? segment.key : segment))
      .join('.'),
    message: String(issue.message),
  }));
}

/** "segments.0.text: Too big: expected string to have <=2000 characters; dialect: Invalid option ..." */
export function formatValidationIssues(issues: readonly { path: string; message: string }[]): string {
  return issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
}
