/// Sections: the summary, `implicit_mf.users` and `implicit_mf.items` (factor
/// matrices, rows × stride Float32 with their shapes; `bpr`'s include the bias
/// column). `als_implicit` and `bpr` share this fitted form.
extension FittedImplicitMF: PersistableRatingModel {
    public static let payloadType = "rating/implicit_mf"

    public func encode(into w: inout ModelPayloadWriter) {
        summary.encode(into: &w)
        users.encode("implicit_mf.users", into: &w)
        items.encode("implicit_mf.items", into: &w)
    }

    public init(decoding r: ModelPayloadReader) throws {
        let s = try TrainingSummary(decoding: r)
        let (users, items) = try FactorMatrix.decodingPair(r, users: "implicit_mf.users", movies: "implicit_mf.items", summary: s)
        self.init(summary: s, users: users, items: items)
    }
}
