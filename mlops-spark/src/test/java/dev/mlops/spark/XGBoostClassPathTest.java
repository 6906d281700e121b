package dev.mlops.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * xgboost4j beside Spark in one JVM: its {@code _2.12} artifact without the Scala runtime it
 * declares, and without its own Kryo 5 (left out in pom.xml, as docs/spark.md tells jobs to), so
 * that Spark's Kryo 4 ({@code kryo-shaded}) is the only one and serves both. With Kryo 5 ahead
 * of it on the class path, Spark's {@code KryoSerializer} fails with {@code NoSuchMethodError:
 * Output.clear()} (seen with mlops-xgboost declared before Spark).
 */
class XGBoostClassPathTest {

  @Test
  void theOnlyKryoOnTheClassPathIsSparks() throws Exception {
    List<URL> kryos = Collections.list(getClass().getClassLoader()
        .getResources("com/esotericsoftware/kryo/Kryo.class"));

    assertThat(kryos).singleElement().asString().contains("kryo-shaded");
  }

  @Test
  void aBoosterRoundTripsThroughSparksKryoSerializerAndPredictsAsBefore(@TempDir Path work)
      throws Exception {
    Path file = ChurnBooster.trainAndSave(work.resolve("churn.ubj"));
    SerializerInstance kryo =
        new KryoSerializer(LocalSpark.session().sparkContext().getConf()).newInstance();
    ClassTag<Booster> tag = ClassTag$.MODULE$.apply(Booster.class);
    float[] rows = {12, 30, 1, 1, 3, 95.5f, 0, 0, 60, 20, 2, 1};
    Booster booster = XGBoost.loadModel(file.toString());
    DMatrix matrix = new DMatrix(rows, 3, 4, Float.NaN);
    try {
      ByteBuffer bytes = kryo.serialize(booster, tag);
      Booster copy = kryo.deserialize(bytes, tag);
      try {
        assertThat(copy.predict(matrix)).isDeepEqualTo(booster.predict(matrix));
      } finally {
        copy.dispose();
      }
      ClassTag<String> text = ClassTag$.MODULE$.apply(String.class);
      assertThat(kryo.deserialize(kryo.serialize("plain Spark data", text), text))
          .isEqualTo("plain Spark data");
    } finally {
      matrix.dispose();
      booster.dispose();
    }
  }
}
