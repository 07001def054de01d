export interface StaticServer {
  server: import('node:http').Server;
  url: string;
  close(): Promise<void>;
}
export function startStaticServer(opts: { dir: string; port?: number; host?: string; cors?: boolean; csp?: string | null }): Promise<StaticServer>;
