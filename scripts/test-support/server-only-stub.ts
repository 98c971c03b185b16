// Stand-in for the `server-only` marker package inside Vitest, where every module runs on the server.
export {};
