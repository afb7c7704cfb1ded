import type * as z from 'zod';
import type { InputIssue } from './errors.ts';

/** zod's issues as `path: message` pairs every surface can show (`commands.0.safety_level: …`). */
export function toInputIssues(error: z.ZodError): InputIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.length === 0 ? '(body)' : issue.path.map(String).join('.'),
    message: issue.message,
  }));
}
