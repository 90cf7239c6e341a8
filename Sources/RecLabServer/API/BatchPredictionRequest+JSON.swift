/// `POST /predictions`' body read strictly, each mistake answered with a 400
/// that says which kind it is and where: a syntax error (byte offset, line,
/// column), a wrong type (the key path, what was expected, what was found), a
/// missing key, an unknown key (a misspelt `modle` would otherwise fall back
/// to the default model unnoticed) or an integer out of range. The number of
/// pairs is checked by `ServedExperiment.predictions`.
extension BatchPredictionRequest {
    static let shape = #"{"model": "svd" (optional), "pairs": [{"user": 1, "movie": 31}, …]}"#

    init(body: [UInt8]) throws {
        guard body.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) else {
            throw APIError.badRequest("the body is empty; expected JSON \(Self.shape)")
        }
        let json: JSONValue
        do { json = try JSONValue.parse(body) } catch let e as JSONValue.SyntaxError {
            throw APIError.badRequest("the body is not valid JSON \(e.description)")
        }
        try self.init(json: json)
    }

    init(json: JSONValue) throws {
        let top = try json.members("the body", allowed: ["model", "pairs"], expected: "a JSON object \(Self.shape)")
        let model = try top["model"].map { try $0.string("model") }
        let pairs = try top.required("pairs", in: "the body").elements("pairs", expected: "an array of {\"user\", \"movie\"} objects")
        self.init(model: model, pairs: try pairs.enumerated().map { i, element in
            let path = "pairs[\(i)]"
            let m = try element.members(path, allowed: ["user", "movie"], expected: "an object {\"user\": 1, \"movie\": 31}")
            return PredictionPair(user: try m.required("user", in: path).int(path + ".user"),
                                  movie: try m.required("movie", in: path).int(path + ".movie"))
        })
    }
}
