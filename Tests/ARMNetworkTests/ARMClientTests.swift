import ARMNetwork
import Foundation
import PeNetTestSupport
import Testing

/// The client's retry, paging, LRO and error rules against canned responses and a test clock.
@Suite struct ARMClientTests {
    static let endpoint = URL(string: "https://arm.test")!
    static let miID = ResourceID.fixture(
        "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Sql/managedInstances/mi1")

    static func json(_ status: Int, _ text: String, headers: ARMHeaders = ARMHeaders()) -> ScriptedTransport.Answer {
        .response(ARMResponse(status: status, headers: headers, body: Data(text.utf8)))
    }

    static func client(
        _ transport: ScriptedTransport, clock: TestClock = TestClock(), retry: RetryPolicy = RetryPolicy(jitter: false)
    )
        -> ARMClient
    {
        ARMClient(
            endpoint: endpoint, transport: transport, credential: StaticTokenSource(token: "tok"), clock: clock,
            configuration: .init(retry: retry, defaultPollInterval: .seconds(7)))
    }

    static let miBody =
        #"{"id":"/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Sql/managedInstances/mi1","name":"mi1","properties":{"dnsZone":"abc"}}"#

    @Test(arguments: [408, 429, 500, 502, 503, 504])
    func retriesTransientStatuses(status: Int) async throws {
        let transport = ScriptedTransport([Self.json(status, "{}"), Self.json(200, Self.miBody)])
        let clock = TestClock()
        let mi = try await Self.client(transport, clock: clock).get(ManagedInstance.self, Self.miID)
        #expect(mi.properties?.dnsZone == "abc")
        #expect(transport.requests.count == 2)
        #expect(clock.sleeps == [.milliseconds(800)])
    }

    @Test(arguments: [400, 401, 403, 404, 409, 412])
    func doesNotRetryOtherClientErrors(status: Int) async throws {
        let transport = ScriptedTransport([
            Self.json(status, #"{"error":{"code":"SomeCode","message":"nope"}}"#), Self.json(200, Self.miBody),
        ])
        await #expect(throws: ARMError.self) { try await Self.client(transport).get(ManagedInstance.self, Self.miID) }
        #expect(transport.requests.count == 1)
    }

    @Test(arguments: [
        (409, "AnotherOperationInProgress"), (429, "RetryableErrorDueToAnotherOperation"),
    ])
    func retriesBusyCodes(status: Int, code: String) async throws {
        let transport = ScriptedTransport([
            Self.json(status, #"{"error":{"code":"\#(code)","message":"busy"}}"#), Self.json(200, Self.miBody),
        ])
        _ = try await Self.client(transport).get(ManagedInstance.self, Self.miID)
        #expect(transport.requests.count == 2)
    }

    @Test(arguments: [
        (["retry-after-ms": "1500", "x-ms-retry-after-ms": "2500", "Retry-After": "9"], Duration.milliseconds(1500)),
        (["x-ms-retry-after-ms": "2500", "Retry-After": "9"], Duration.milliseconds(2500)),
        (["Retry-After": "9"], Duration.seconds(9)),
    ])
    func honoursServerDelayInPrecedenceOrder(headers: [String: String], expected: Duration) async throws {
        var fields = ARMHeaders()
        for (name, value) in headers { fields[name] = value }
        let transport = ScriptedTransport([Self.json(429, "{}", headers: fields), Self.json(200, Self.miBody)])
        let clock = TestClock()
        _ = try await Self.client(transport, clock: clock).get(ManagedInstance.self, Self.miID)
        #expect(clock.sleeps == [expected])
    }

    @Test func givesUpAfterTheBudgetWithTheLastError() async throws {
        let transport = ScriptedTransport(
            Array(repeating: Self.json(503, #"{"error":{"code":"ServiceUnavailable","message":"down"}}"#), count: 10))
        let clock = TestClock()
        await #expect {
            try await Self.client(transport, clock: clock).get(ManagedInstance.self, Self.miID)
        } throws: { error in
            "\(error)".contains("gave up after 4 attempts") && "\(error)".contains("503 ServiceUnavailable")
                && "\(error)".contains("managedInstances/mi1")
        }
        #expect(transport.requests.count == 4)
        #expect(clock.sleeps == [.milliseconds(800), .milliseconds(2400), .milliseconds(5600)])
    }

    @Test func backoffIsCappedAndJittered() {
        let policy = RetryPolicy(maxDelay: .seconds(60))
        for retry in 1...10 {
            let delay = policy.backoff(retry: retry)
            let seconds = Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18
            let nominal = Double((1 << retry) - 1) * 0.8
            #expect(seconds <= 60)
            #expect(seconds >= min(nominal * 0.8, 60) - 0.002)
            #expect(seconds <= nominal * 1.3 + 0.002)
        }
    }

    @Test func refusesARetryAfterLongerThanTheCap() async throws {
        let transport = ScriptedTransport([
            Self.json(429, "{}", headers: ["Retry-After": "3600"]), Self.json(200, Self.miBody),
        ])
        await #expect {
            try await Self.client(transport).get(ManagedInstance.self, Self.miID)
        } throws: { "\($0)".contains("asked to wait 3600 s") }
        #expect(transport.requests.count == 1)
    }

    @Test func retriesTransportErrors() async throws {
        let transport = ScriptedTransport([.failure("connection reset by peer"), Self.json(200, Self.miBody)])
        _ = try await Self.client(transport).get(ManagedInstance.self, Self.miID)
        #expect(transport.requests.count == 2)
    }

    @Test func decodesErrorsIntoOneMessageNamingTheResource() async throws {
        let body =
            #"{"error":{"code":"BadRequest","message":"Invalid state.","details":[{"code":"PrivateEndpointConnectionStatusNotPending","message":"Status is not Pending"}]}}"#
        let transport = ScriptedTransport([
            Self.json(400, body, headers: ["x-ms-error-code": "HeaderCode", "x-ms-request-id": "req-1"])
        ])
        await #expect {
            try await Self.client(transport).get(ManagedInstance.self, Self.miID)
        } throws: { error in
            let text = "\(error)"
            return (error as? ARMError)?.code == "HeaderCode" && text.contains("managedInstances/mi1")
                && text.contains("PrivateEndpointConnectionStatusNotPending: Status is not Pending")
                && text.contains("req-1")
        }
    }

    @Test func notFoundAndGetIfExists() async throws {
        let transport = ScriptedTransport([Self.json(404, #"{"error":{"code":"ResourceNotFound","message":"x"}}"#)])
        #expect(try await Self.client(transport).getIfExists(ManagedInstance.self, Self.miID) == nil)
    }

    @Test func sendsTokenRequestIDAndApiVersion() async throws {
        let transport = ScriptedTransport([Self.json(200, Self.miBody)])
        _ = try await Self.client(transport).get(ManagedInstance.self, Self.miID)
        let request = try #require(transport.requests.first)
        #expect(request.headers["Authorization"] == "Bearer tok")
        #expect(UUID(uuidString: request.headers["x-ms-client-request-id"] ?? "") != nil)
        #expect(request.url.absoluteString == "https://arm.test\(Self.miID.path)?api-version=\(ARMAPIVersion.sql)")
    }

    @Test func followsNextLinkPages() async throws {
        let transport = ScriptedTransport([
            Self.json(200, #"{"value":[{"name":"a"}],"nextLink":"https://arm.test/next?api-version=1&$skiptoken=1"}"#),
            Self.json(200, #"{"value":[{"name":"b"}],"nextLink":null}"#),
        ])
        let items = try await Self.client(transport).list(
            PrivateEndpointConnection.self, in: Self.miID.collectionPath("privateEndpointConnections"))
        #expect(items.map(\.name) == ["a", "b"])
        #expect(transport.requests[1].url.absoluteString == "https://arm.test/next?api-version=1&$skiptoken=1")
    }

    @Test func refusesLinksToAnotherHost() async throws {
        let transport = ScriptedTransport([Self.json(200, #"{"value":[],"nextLink":"https://evil.test/next"}"#)])
        await #expect { try await Self.client(transport).list(PrivateEndpointConnection.self, in: "/x") } throws: {
            "\($0)".contains("another host")
        }
        #expect(transport.requests.count == 1)
    }

    @Test func pollsAzureAsyncOperationThenGetsTheResource() async throws {
        let transport = ScriptedTransport([
            Self.json(
                202, "",
                headers: [
                    "Azure-AsyncOperation": "https://arm.test/op/1", "Location": "https://arm.test/res/1",
                    "Retry-After": "3",
                ]),
            Self.json(200, #"{"status":"InProgress"}"#, headers: ["retry-after-ms": "250"]),
            Self.json(200, #"{"status":"Succeeded"}"#),
            Self.json(200, Self.miBody),
        ])
        let clock = TestClock()
        let mi = try await Self.client(transport, clock: clock).put(
            Self.miID, body: ManagedInstance(location: "westeurope"))
        #expect(mi.name == "mi1")
        #expect(transport.requests.map(\.method) == ["PUT", "GET", "GET", "GET"])
        #expect(transport.requests[1].url.path == "/op/1")
        #expect(transport.requests[3].url.path == Self.miID.path)
        #expect(clock.sleeps == [.seconds(3), .milliseconds(250)])
    }

    @Test(arguments: ["Failed", "Canceled"])
    func surfacesTheOperationError(status: String) async throws {
        let transport = ScriptedTransport([
            Self.json(201, "{}", headers: ["Azure-AsyncOperation": "https://arm.test/op/1"]),
            Self.json(
                200, #"{"status":"\#(status)","error":{"code":"SubnetInUse","message":"The subnet is in use."}}"#),
        ])
        await #expect {
            try await Self.client(transport).put(Self.miID, body: ManagedInstance(location: "x"))
        } throws: { error in
            guard case .operationFailed(_, let got, let code, let message) = error as? ARMError else { return false }
            return got == status && code == "SubnetInUse" && message == "The subnet is in use."
        }
    }

    @Test func pollsLocationUntilDone() async throws {
        let transport = ScriptedTransport([
            Self.json(202, "", headers: ["Location": "https://arm.test/res/1"]),
            Self.json(202, "", headers: ["Location": "https://arm.test/res/2"]),
            Self.json(204, ""),
        ])
        let clock = TestClock()
        #expect(try await Self.client(transport, clock: clock).delete(ManagedInstance.self, Self.miID) == .deleted)
        #expect(transport.requests.map(\.url.path) == [Self.miID.path, "/res/1", "/res/2"])
        #expect(clock.sleeps == [.seconds(7), .seconds(7)])
    }

    @Test func deleteOfAMissingResourceIsAlreadyAbsent() async throws {
        let transport = ScriptedTransport([Self.json(204, "")])
        #expect(try await Self.client(transport).delete(ManagedInstance.self, Self.miID) == .alreadyAbsent)
    }

    @Test func pollsProvisioningStateWithoutHeaders() async throws {
        let creating = #"{"name":"mi1","properties":{"provisioningState":"Creating"}}"#
        let done = #"{"name":"mi1","properties":{"provisioningState":"Succeeded","dnsZone":"z"}}"#
        let transport = ScriptedTransport([Self.json(201, creating), Self.json(200, creating), Self.json(200, done)])
        let mi = try await Self.client(transport).put(Self.miID, body: ManagedInstance(location: "x"))
        #expect(mi.properties?.dnsZone == "z")
        #expect(transport.requests.count == 3)
    }

    @Test func sendsETagConditions() async throws {
        let transport = ScriptedTransport([
            Self.json(200, "{}"), Self.json(412, #"{"error":{"code":"PreconditionFailed","message":"x"}}"#),
        ])
        let client = Self.client(transport)
        let set = ARecordSet.createBody(addresses: ["10.0.0.4"])
        let id = try ResourceID(
            parsing: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/privateDnsZones/z.net/A/mi")
        _ = try await client.put(id, body: set, condition: .createOnly)
        await #expect(throws: ARMError.preconditionFailed(resource: id.path)) {
            try await client.put(id, body: set, condition: .ifMatch("W/\"1\""))
        }
        #expect(transport.requests[0].headers["If-None-Match"] == "*")
        #expect(transport.requests[1].headers["If-Match"] == "W/\"1\"")
    }
}
