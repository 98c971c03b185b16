// Runs once per server process before it takes requests. It must never throw: a throw here leaves Next in a
// half-started state. A wrong configuration ends the process with a message naming the variable instead.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  try {
    const { bootServer } = await import("./lib/server/boot-server");
    await bootServer();
  } catch (error) {
    console.error("Apiary could not start its background services:", error);
  }
}
