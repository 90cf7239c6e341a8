#!/usr/bin/env python3
"""Reference RMSE of the `spark_als` kind: Spark MLlib's ALS run directly in
PySpark on given training and test rows, scored the way RecLab scores every
model, so a `spark_als` trial on the same rows must give the same RMSE.

Independent of RecLab's own job (Sources/RecLabModels/Rating/External/
spark_als_job.py): the predictions are Spark's own, `ALSModel.transform` on
the test rows, not a product of exported factors. RecLab's conventions
(FittedRatingModel+Predict.swift) are then applied to them: a pair Spark
cannot predict (user or movie without a training rating: NaN) gets the mean
of the training ratings, every prediction is rounded to float32 and clipped
to the rating scale, and RMSE is taken in float64 over all test rows.

Rows: headerless CSV `user,item,rating` (integer ids, as RecLab stages them).
Run through the same spark-submit as RecLab, so the Spark versions match:

  ~/.cache/reclab/venv-spark/bin/spark-submit --master 'local[2]' \\
      scripts/oracles/pyspark_als.py --train train.csv --test test.csv \\
      --rank 10 --max-iter 10 --reg-param 0.1 --seed 42 --out oracle.json

(put that bin/ folder first on PATH, so spark-submit finds its own Python).
Writes {"rmse", "rmse_spark_drop", "test_rows", "unknown_pairs", "versions"}:
`rmse_spark_drop` is Spark's RegressionEvaluator RMSE with unknown pairs
dropped and no clipping (Spark's usual figure), for comparison only.
Tests/RecLabExperimentTests/SparkALSTests.swift runs it live.
"""
import argparse
import json
import math
import platform
import sys

import numpy as np
import pyspark
from pyspark.ml.evaluation import RegressionEvaluator
from pyspark.ml.recommendation import ALS
from pyspark.sql import SparkSession
from pyspark.sql.types import FloatType, IntegerType, StructField, StructType

ap = argparse.ArgumentParser()
ap.add_argument("--train", required=True)
ap.add_argument("--test", required=True)
ap.add_argument("--out", required=True)
ap.add_argument("--rank", type=int, default=10)
ap.add_argument("--max-iter", type=int, default=10)
ap.add_argument("--reg-param", type=float, default=0.1)
ap.add_argument("--implicit-prefs", action="store_true")
ap.add_argument("--alpha", type=float, default=1.0)
ap.add_argument("--nonnegative", action="store_true")
ap.add_argument("--seed", type=int, default=0)
ap.add_argument("--num-user-blocks", type=int, default=10)
ap.add_argument("--num-item-blocks", type=int, default=10)
ap.add_argument("--scale", type=float, nargs=2, default=[0.5, 5.0])
args = ap.parse_args()

spark = SparkSession.builder.appName("reclab-oracle-pyspark-als").getOrCreate()
schema = StructType([StructField("user", IntegerType(), False), StructField("item", IntegerType(), False),
                     StructField("rating", FloatType(), False)])
train = spark.read.csv(args.train, schema=schema, header=False, mode="FAILFAST")
test = spark.read.csv(args.test, schema=schema, header=False, mode="FAILFAST")
als = ALS(rank=args.rank, maxIter=args.max_iter, regParam=args.reg_param, implicitPrefs=args.implicit_prefs,
          alpha=args.alpha, nonnegative=args.nonnegative, seed=args.seed, numUserBlocks=args.num_user_blocks,
          numItemBlocks=args.num_item_blocks, userCol="user", itemCol="item", ratingCol="rating")
model = als.fit(train)
predicted = model.transform(test)
rows = predicted.select("rating", "prediction").collect()
train_ratings = np.array([r[0] for r in train.select("rating").collect()], dtype=np.float64)
mean = float(train_ratings.sum() / len(train_ratings))
lo, hi = np.float32(args.scale[0]), np.float32(args.scale[1])
sq, unknown = 0.0, 0
for truth, p in rows:
    if p is None or math.isnan(p):
        unknown += 1
        p = mean
    v = min(max(np.float32(p), lo), hi)
    sq += (float(v) - float(np.float32(truth))) ** 2
rmse = math.sqrt(sq / len(rows))
model.setColdStartStrategy("drop")
spark_rmse = RegressionEvaluator(metricName="rmse", labelCol="rating", predictionCol="prediction").evaluate(
    model.transform(test))
out = {"rmse": rmse, "rmse_spark_drop": spark_rmse, "test_rows": len(rows), "unknown_pairs": unknown,
       "parameters": {k.replace("-", "_"): v for k, v in vars(args).items() if k not in ("train", "test", "out")},
       "versions": {"pyspark": pyspark.__version__, "spark": spark.version, "numpy": np.__version__,
                    "python": platform.python_version()}}
with open(args.out, "w") as f:
    json.dump(out, f, indent=1)
spark.stop()
print(json.dumps(out))
