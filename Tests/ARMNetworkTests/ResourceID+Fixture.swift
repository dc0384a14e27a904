import ARMNetwork

extension ResourceID {
    /// A fixture id written in a test; a malformed one stops the test run at once.
    init(fixture text: String) {
        do {
            try self.init(parsing: text)
        } catch {
            preconditionFailure("fixture id \(text): \(error)")
        }
    }
}
