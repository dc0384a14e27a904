import Foundation

/// What an ``ARMClient`` reports while it works, for live progress: each write as it is sent,
/// each wait on a long-running operation (with the time waited so far), each finished write.
public enum ARMProgressEvent: Sendable, Equatable {
    /// A PUT, PATCH or DELETE is about to be sent.
    case sending(method: String, resource: ResourceID)
    /// A long-running operation on `resource` (an ARM path) is still running after `elapsed` seconds.
    case waiting(resource: String, elapsed: TimeInterval)
    /// A write and its long-running operation finished successfully.
    case finished(method: String, resource: ResourceID)
}
