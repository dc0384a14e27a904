import Foundation

/// The Azure side of Data Factory paths as one ARM deployment template
/// (`az deployment group create --template-file`).
public enum DataFactoryPathTemplate {
    /// The template for `specs`, as JSON text.
    public static func render(_ specs: [DataFactoryPathSpec]) throws -> String {
        throw ARMTemplateUnavailable()
    }

    /// Placeholder until the ARM side of the path lands; replaced by the template builder.
    struct ARMTemplateUnavailable: Error, CustomStringConvertible {
        var description: String { "the ARM template renderer is not built yet" }
    }
}
