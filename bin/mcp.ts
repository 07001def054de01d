// Placeholder replaced below (issue 16 MCP server).
import type { CliIo } from './filecheck';

export async function mcpMain(_argv: string[], io: CliIo): Promise<number> {
  io.stderr('filecheck mcp: not available in this build\n');
  return 2;
}
