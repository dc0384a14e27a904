import Resolver
import Testing

@Suite struct FindingTests {
    @Test func severitiesOrderFromInfoToError() {
        let shuffled: [Finding.Severity] = [.error, .info, .warning]
        #expect(shuffled.sorted() == [.info, .warning, .error])
        #expect(shuffled.max() == .error)
        #expect(!(Finding.Severity.error < .warning))
    }
}
