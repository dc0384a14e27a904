/// Errors raised while planning or applying forwarding rules.
public enum IPFwdError: Error, Sendable {
    case invalidMapping(String, reason: String)
}
