/**
 * The attempts of one request that run at once (a primary and its hedge). The first to claim — on its first
 * output token, before anything is written to the client — wins; the others are aborted at that moment, so
 * exactly one attempt ever writes a response.
 */
export interface RaceMember {
  /** True if this attempt won (or already had); false if another one did: stop and write nothing. */
  claim(): boolean;
  /** Aborts when another attempt wins. */
  readonly lost: AbortSignal;
}

export class AttemptRace {
  private winner: RaceMember | undefined;
  private readonly members: { member: RaceMember; abort: AbortController }[] = [];

  get claimed(): boolean {
    return this.winner !== undefined;
  }

  join(): RaceMember {
    const abort = new AbortController();
    const member: RaceMember = {
      lost: abort.signal,
      claim: () => {
        if (this.winner === undefined) {
          this.winner = member;
          for (const other of this.members) {
            if (other.member !== member)
              other.abort.abort(new DOMException('another attempt won', 'AbortError'));
          }
        }
        return this.winner === member;
      },
    };
    this.members.push({ member, abort });
    return member;
  }
}
