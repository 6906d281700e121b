package dev.mlops.xgboost.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Checks the trees of a loaded model, from its JSON form, for what XGBoost's loader does not
 * check and its predictor trusts: every child index within its tree and reached once from the
 * root (no cycle), every split on an existing feature, every array as long as the tree has nodes,
 * every category list within the categories, one weight per node. A file damaged so that it
 * still parses (a changed child index, say) would otherwise make prediction read outside the tree
 * and crash the process. Trees with vector leaves (multi-target trees) are refused. Linear
 * boosters have no trees and pass.
 */
final class XGBoostTrees {

  private static final JsonFactory JSON = new JsonFactory();
  private static final List<String> PER_NODE = List.of("left_children", "right_children",
      "split_indices", "split_conditions", "default_left", "split_type", "parents");

  private XGBoostTrees() {}

  /**
   * Checks every tree, and the model's table of which output each tree feeds.
   *
   * @param json the model as JSON
   * @param model what the model's learner says (features, classes, targets)
   * @throws IOException if the JSON is malformed
   * @throws IllegalArgumentException naming the tree and what is wrong in it
   */
  static void check(byte[] json, XGBoostModelDescription model) throws IOException {
    try (JsonParser p = JSON.createParser(json)) {
      p.nextToken();
      walk(p, model, false);
    }
  }

  /** Walks an object, descending into {@code gradient_booster}, {@code gbtree} and {@code model}. */
  private static void walk(JsonParser p, XGBoostModelDescription model, boolean inModel)
      throws IOException {
    int trees = -1;
    int @Nullable [] treeInfo = null;
    int @Nullable [] indptr = null;
    @Nullable Integer declared = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      if (inModel && field.equals("trees") && value == JsonToken.START_ARRAY) {
        trees = 0;
        while (p.nextToken() == JsonToken.START_OBJECT) {
          checkTree(readTree(p), model, trees++);
        }
      } else if (inModel && field.equals("tree_info") && value == JsonToken.START_ARRAY) {
        treeInfo = integers(p);
      } else if (inModel && field.equals("iteration_indptr") && value == JsonToken.START_ARRAY) {
        indptr = integers(p);
      } else if (inModel && field.equals("gbtree_model_param")
          && value == JsonToken.START_OBJECT) {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          p.nextToken();
          if (key.equals("num_trees")) {
            declared = parseInt(p.getValueAsString(), "num_trees");
          }
          p.skipChildren();
        }
      } else if (value == JsonToken.START_OBJECT && (field.equals("learner")
          || field.equals("gradient_booster") || field.equals("gbtree") || field.equals("model"))) {
        walk(p, model, field.equals("model"));
      } else {
        p.skipChildren();
      }
    }
    if (trees >= 0) {
      checkTable(trees, declared, treeInfo, indptr, model);
    }
  }

  /** The model-level arrays that index trees and outputs. */
  private static void checkTable(int trees, @Nullable Integer declared, int @Nullable [] treeInfo,
      int @Nullable [] indptr, XGBoostModelDescription model) {
    if (declared != null && declared != trees) {
      throw new IllegalArgumentException("the model declares " + declared + " trees but has "
          + trees);
    }
    int outputs = Math.max(1, model.classes() > 0 ? model.classes() : model.targets());
    if (treeInfo == null || treeInfo.length != trees) {
      throw new IllegalArgumentException("the model's tree_info does not list its " + trees
          + " trees");
    }
    for (int t = 0; t < trees; t++) {
      if (treeInfo[t] < 0 || treeInfo[t] >= outputs) {
        throw broken(t, "it feeds output " + treeInfo[t] + " of " + outputs);
      }
    }
    if (indptr != null) {
      for (int i = 0; i < indptr.length; i++) {
        if (indptr[i] < (i == 0 ? 0 : indptr[i - 1]) || indptr[i] > trees) {
          throw new IllegalArgumentException("the model's iteration_indptr is not an increasing "
              + "list of tree positions within its " + trees + " trees");
        }
      }
    }
  }

  private static int[] integers(JsonParser p) throws IOException {
    int[] values = new int[16];
    int count = 0;
    while (p.nextToken() != JsonToken.END_ARRAY) {
      if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
        throw new IllegalArgumentException("the model has '" + p.getText() + "' where an "
            + "integer belongs");
      }
      if (count == values.length) {
        values = Arrays.copyOf(values, count * 2);
      }
      values[count++] = p.getIntValue();
    }
    return Arrays.copyOf(values, count);
  }

  /** One tree's integer arrays and {@code tree_param}, skipping the float ones it does not need. */
  private static Map<String, int[]> readTree(JsonParser p) throws IOException {
    Map<String, int[]> arrays = new HashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      if (field.equals("tree_param") && value == JsonToken.START_OBJECT) {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          p.nextToken();
          if (key.equals("num_nodes") || key.equals("size_leaf_vector")) {
            arrays.put(key, new int[] {parseInt(p.getValueAsString(), key)});
          }
          p.skipChildren();
        }
      } else if (value == JsonToken.START_ARRAY && !field.equals("split_conditions")
          && !field.equals("base_weights") && !field.equals("loss_changes")
          && !field.equals("sum_hessian") && !field.equals("leaf_weights")) {
        arrays.put(field, integers(p));
      } else if (value == JsonToken.START_ARRAY) {
        int count = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
          count++;
        }
        arrays.put(field, new int[count]); // only its length matters
      } else {
        p.skipChildren();
      }
    }
    return arrays;
  }

  private static void checkTree(Map<String, int[]> tree, XGBoostModelDescription model,
      int index) {
    int features = model.features();
    int[] numNodes = tree.get("num_nodes");
    if (numNodes == null || numNodes[0] < 1) {
      throw broken(index, "it has no tree_param.num_nodes of at least 1");
    }
    int nodes = numNodes[0];
    int leafVector = tree.getOrDefault("size_leaf_vector", new int[] {1})[0];
    if (leafVector < 0) {
      throw broken(index, "its leaves hold " + leafVector + " values");
    }
    if (leafVector > 1) {
      // Vector leaves (multi_strategy="multi_output_tree") are laid out differently from one
      // XGBoost release to the next, so this check could not vouch for them.
      throw new IllegalArgumentException("tree " + index + " has vector leaves of "
          + leafVector + " values (a model trained with multi_strategy=\"multi_output_tree\"), "
          + "which the SDK does not serve: their layout cannot be checked before XGBoost reads "
          + "them; train with multi_strategy=\"one_output_per_tree\" (the default)");
    }
    int[] weights = tree.get("base_weights");
    if (weights != null && weights.length != nodes) {
      throw broken(index, "base_weights has " + weights.length + " entries for " + nodes
          + " nodes");
    }
    for (String field : PER_NODE) {
      int[] values = tree.get(field);
      if (values != null && values.length != nodes) {
        throw broken(index, field + " has " + values.length + " entries for " + nodes + " nodes");
      }
    }
    int[] left = tree.get("left_children");
    int[] right = tree.get("right_children");
    int[] split = tree.get("split_indices");
    if (left == null || right == null || split == null) {
      throw broken(index, "it lacks left_children, right_children or split_indices");
    }
    int[] parents = tree.get("parents");
    int[] types = tree.getOrDefault("split_type", new int[nodes]);
    if (parents != null && parents[0] != -1 && parents[0] != Integer.MAX_VALUE) {
      throw broken(index, "its root has parent " + parents[0]);
    }
    boolean[] reached = new boolean[nodes];
    int[] stack = new int[nodes];
    int top = 0;
    stack[top++] = 0;
    reached[0] = true;
    while (top > 0) {
      int node = stack[--top];
      if ((left[node] == -1) != (right[node] == -1)) {
        throw broken(index, "node " + node + " has one child");
      }
      if (left[node] == -1) {
        continue;
      }
      if (split[node] < 0 || split[node] >= features) {
        throw broken(index, "node " + node + " splits on feature " + split[node] + " of "
            + features);
      }
      if (types[node] != 0 && types[node] != 1) {
        throw broken(index, "node " + node + " has split type " + types[node]);
      }
      for (int child : new int[] {left[node], right[node]}) {
        if (child <= 0 || child >= nodes || reached[child]) {
          throw broken(index, "node " + node + " has child " + child + ", which is not a node "
              + "reached once from the root (the tree has " + nodes + " nodes)");
        }
        if (parents != null && parents[child] != node) {
          throw broken(index, "node " + child + " has parent " + parents[child] + ", not "
              + node);
        }
        reached[child] = true;
        stack[top++] = child;
      }
    }
    checkCategories(tree, nodes, index);
  }

  private static void checkCategories(Map<String, int[]> tree, int nodes, int index) {
    int[] categories = tree.getOrDefault("categories", new int[0]);
    int[] catNodes = tree.getOrDefault("categories_nodes", new int[0]);
    int[] segments = tree.getOrDefault("categories_segments", new int[0]);
    int[] sizes = tree.getOrDefault("categories_sizes", new int[0]);
    if (segments.length != catNodes.length || sizes.length != catNodes.length) {
      throw broken(index, "its categorical splits have " + catNodes.length + " nodes, "
          + segments.length + " segments and " + sizes.length + " sizes");
    }
    int[] types = tree.getOrDefault("split_type", new int[nodes]);
    int categorical = 0;
    for (int type : types) {
      categorical += type;
    }
    if (categorical != catNodes.length) {
      throw broken(index, "it has " + categorical + " categorical splits but lists "
          + catNodes.length);
    }
    for (int i = 0; i < catNodes.length; i++) {
      if (catNodes[i] < 0 || catNodes[i] >= nodes || types[catNodes[i]] != 1 || segments[i] < 0 || sizes[i] < 0
          || (long) segments[i] + sizes[i] > categories.length) {
        throw broken(index, "categorical split " + i + " points outside its "
            + categories.length + " categories");
      }
    }
  }

  private static int parseInt(String value, String name) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException | NullPointerException e) {
      throw new IllegalArgumentException("the model's " + name + " is '" + value
          + "', not a number", e);
    }
  }

  private static IllegalArgumentException broken(int tree, String problem) {
    return new IllegalArgumentException("tree " + tree + " is damaged: " + problem);
  }
}
