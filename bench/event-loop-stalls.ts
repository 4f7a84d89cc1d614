/**
 * The longest the event loop stood still while something ran: a 5 ms ticker's longest gap, the
 * time the console could have answered nothing else (the kill switch included).
 */
export function watchEventLoopStalls(): { stop(): number } {
  let longest = 0;
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 5);
  return {
    stop() {
      clearInterval(ticker);
      return Math.max(longest, performance.now() - last);
    },
  };
}
