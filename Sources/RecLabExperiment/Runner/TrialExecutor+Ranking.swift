import RecLabData
import RecLabEvaluation
import RecLabResults

extension TrialExecutor {
    /// The per-user values of the wanted user-averaged ranking metrics (precision, recall, NDCG,
    /// hit rate, MAP, MRR at their K), users by raw id; nil when none is wanted or computed.
    /// Coverage and popularity are properties of all lists together, so they have none.
    static func perUser(_ e: ModelEvaluation, wanted: [MetricSpec], dataset: Dataset) -> PerUserValues? {
        var values: [String: [Float]] = [:]
        var users: [Int32]?
        for m in wanted {
            guard let t = e.topN.first(where: { $0.k == m.k }) else { continue }
            let each = t.perUser
            let column: [Double]
            switch m.kind {
            case .precision: column = each.precision
            case .recall: column = each.recall
            case .ndcg: column = each.ndcg
            case .hitRate: column = each.hit
            case .map: column = each.ap
            case .mrr: column = each.rr
            case .rmse, .mae, .fcp, .coverage, .popularity: continue
            }
            // Every K ranks the same users, so one list of users serves every metric.
            if users == nil { users = each.users }
            guard each.users == users else { continue }
            values[m.description] = column.map(Float.init)
        }
        guard let users, !values.isEmpty else { return nil }
        return PerUserValues(users: users.map { dataset.users.raw($0) }, values: values)
    }
}
