import Foundation

/// One field whose current value is not the desired one.
public struct FieldDifference: Codable, Hashable, Sendable, CustomStringConvertible {
    /// The field's path, e.g. `properties.loadBalancingRules[mi2-1434].properties.idleTimeoutInMinutes`.
    public var field: String
    /// What ARM shows now (nil: absent).
    public var current: String?
    /// What the plan writes (nil: removed).
    public var desired: String?

    public init(field: String, current: String?, desired: String?) {
        self.field = field
        self.current = current
        self.desired = desired
    }

    public var description: String { "\(field): \(current ?? "(none)") → \(desired ?? "(removed)")" }
}

/// Compares a desired body with the document ARM returns: every field the body sets must have
/// that value (strings compare case-insensitively, as ARM does for ids and enums); named children
/// (`[{name: ...}]`) match by name, and a named child ARM has but the body lacks is a difference
/// (the PUT removes it). Fields the body does not set are ARM's (defaults, read-only state) and
/// never differ.
public enum DocumentDiff {
    public static func differences(desired: ARMDocument, current: ARMDocument?, at path: String = "")
        -> [FieldDifference]
    {
        switch desired {
        case .object(let fields):
            var result: [FieldDifference] = []
            for key in fields.keys.sorted() {
                guard let value = fields[key] else { continue }
                let child = path.isEmpty ? key : "\(path).\(key)"
                result += differences(desired: value, current: current?[key], at: child)
            }
            return result
        case .array(let items):
            let currentItems = current?.array ?? []
            if !items.isEmpty, items.allSatisfy({ $0["name"]?.string != nil }) {
                var result: [FieldDifference] = []
                for item in items {
                    let name = item["name"]?.string ?? ""
                    let match = currentItems.first { $0["name"]?.string?.lowercased() == name.lowercased() }
                    if match == nil {
                        result.append(FieldDifference(field: "\(path)[\(name)]", current: nil, desired: "added"))
                    } else {
                        result += differences(desired: item, current: match, at: "\(path)[\(name)]")
                    }
                }
                let wanted = Set(items.compactMap { $0["name"]?.string?.lowercased() })
                for extra in currentItems {
                    guard let name = extra["name"]?.string, !wanted.contains(name.lowercased()) else { continue }
                    result.append(FieldDifference(field: "\(path)[\(name)]", current: "present", desired: nil))
                }
                return result
            }
            let want = Set(items.map(canonical))
            let have = Set(currentItems.map(canonical))
            guard want != have else { return [] }
            return [FieldDifference(field: path, current: current.map(\.summary), desired: desired.summary)]
        default:
            guard let current, canonical(current) == canonical(desired) else {
                return [FieldDifference(field: path, current: current?.summary, desired: desired.summary)]
            }
            return []
        }
    }

    /// A comparable text of a value: strings lowercased, objects with sorted keys.
    static func canonical(_ value: ARMDocument) -> String {
        switch value {
        case .string(let text): return "s:" + text.lowercased()
        case .object(let fields):
            return "{"
                + fields.keys.sorted().map { "\($0.lowercased())=\(canonical(fields[$0] ?? .null))" }.joined(
                    separator: ",") + "}"
        case .array(let items): return "[" + items.map(canonical).sorted().joined(separator: ",") + "]"
        default: return value.text
        }
    }
}
