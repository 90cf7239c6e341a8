/// Every failure of a rating model or of the model registry: a readable
/// message plus the model kind and parameter key involved.
public struct RatingModelError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var kind: String?
    public var key: String?

    public init(_ message: String, kind: String? = nil, key: String? = nil) {
        self.message = message
        self.kind = kind
        self.key = key
    }

    public var description: String {
        var where_ = ""
        if let kind { where_ += "model '\(kind)'" }
        if let key { where_ += where_.isEmpty ? "parameter '\(key)'" : ", parameter '\(key)'" }
        return where_.isEmpty ? message : "\(where_): \(message)"
    }
}
