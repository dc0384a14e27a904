/// Errors raised while talking to Azure Resource Manager.
public enum ARMError: Error, Sendable {
    case invalidResourceID(String, expected: String)
}
